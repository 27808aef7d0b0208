namespace EmailTriage.Testing;

/// <summary>One change to the fake mailbox, as users.history.list lists it: one call may touch many messages.</summary>
public sealed record FakeGmailHistoryRecord(ulong Id, IReadOnlyList<FakeGmailHistoryChange> Changes);
