namespace EmailTriage.Testing;

/// <summary>
/// What one history record of <see cref="FakeGmailServer"/> did to one message: <c>messageAdded</c>, <c>labelAdded</c> or
/// <c>labelRemoved</c> (the history types), the label ids added or removed, and the message's labels after the change.
/// </summary>
public sealed record FakeGmailHistoryChange(string Type, string MessageId, string ThreadId, IReadOnlyList<string> LabelIds, IReadOnlyList<string> LabelsAfter)
{
    public const string MessageAdded = "messageAdded";
    public const string LabelAdded = "labelAdded";
    public const string LabelRemoved = "labelRemoved";
}
