namespace EmailTriage.Testing;

/// <summary>A message held by <see cref="FakeGmailServer"/>: its RFC 822 bytes and its current label ids.</summary>
public sealed class FakeGmailMessage(string id, byte[] raw, DateTimeOffset received, IEnumerable<string> labelIds)
{
    public string Id { get; } = id;

    public string ThreadId { get; } = id;

    public byte[] Raw { get; } = raw;

    public DateTimeOffset Received { get; } = received;

    /// <summary>Guarded by the server's lock; read it through <see cref="FakeGmailServer.LabelIdsOf"/>.</summary>
    internal HashSet<string> LabelIds { get; } = [.. labelIds];

    /// <summary>How many batchModify or modify calls touched this message.</summary>
    internal int ModifyCount { get; set; }

    /// <summary>The history id of its last change.</summary>
    internal ulong HistoryId { get; set; }
}
