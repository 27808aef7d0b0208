namespace EmailTriage.Gmail;

/// <summary>What <see cref="GmailLabelSync"/> found: the id of every needed label that exists, and the names it created.</summary>
internal sealed record GmailLabelSyncResult(IReadOnlyDictionary<string, string> Ids, IReadOnlyList<string> Created, IReadOnlyList<string> Missing);
