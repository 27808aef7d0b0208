namespace EmailTriage.Mailboxes;

/// <summary>
/// A line of <c>labels.jsonl</c> that is not a label record (edited by hand, most likely): where it is, what is wrong with
/// it, and the message id it seems to name (null when none can be made out). It is kept as it is and read as nothing.
/// </summary>
internal sealed record UnreadableRecordLine(int Number, string Problem, string? Id);
