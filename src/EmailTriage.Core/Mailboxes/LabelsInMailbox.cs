namespace EmailTriage.Mailboxes;

/// <summary>
/// What opening a run did to the mailbox's labels (<c>labels sync</c> shows it): the labels it created, those a dry run
/// would create, and the hidden ones the app keeps for itself (Gmail's triaged marker), by name.
/// </summary>
public sealed record LabelsInMailbox(IReadOnlyList<string> Created, IReadOnlyList<string> Missing, IReadOnlyList<string> Hidden)
{
    /// <summary>A mailbox that keeps labels some other way (a folder's record, IMAP keywords): nothing to create.</summary>
    public static LabelsInMailbox None { get; } = new([], [], []);
}
