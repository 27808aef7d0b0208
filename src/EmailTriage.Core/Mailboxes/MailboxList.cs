namespace EmailTriage.Mailboxes;

/// <summary>The named mailboxes of <c>mailboxes.json</c>, in file order.</summary>
public sealed record MailboxList(string SourcePath, IReadOnlyList<MailboxDefinition> Mailboxes)
{
    /// <summary>The word that means every mailbox (<c>POST /api/triage?mailbox=all</c>), so no mailbox may be called that.</summary>
    public const string All = "all";

    public MailboxDefinition? Find(string name) =>
        Mailboxes.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));

    public MailboxDefinition Require(string name) =>
        Find(name) ?? throw new MailboxListException(
            $"There is no mailbox \"{name}\" in {SourcePath}. Use one of: {string.Join(", ", Mailboxes.Select(m => m.Name))}.");
}
