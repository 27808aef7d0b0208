namespace EmailTriage.Testing;

/// <summary>One message as <see cref="FakeGraphServer"/> keeps it: its MIME, folder, categories and extended properties.</summary>
internal sealed class FakeGraphMessage(string id, string folderId, byte[] mime, DateTimeOffset received, bool hasAttachments)
{
    /// <summary>The immutable id (what <c>Prefer: IdType="ImmutableId"</c> answers); the REST id changes with each move.</summary>
    public string Id { get; } = id;

    public string FolderId { get; set; } = folderId;

    public byte[] Mime { get; } = mime;

    public DateTimeOffset Received { get; } = received;

    public bool HasAttachments { get; } = hasAttachments;

    public bool IsRead { get; set; }

    public List<string> Categories { get; set; } = [];

    /// <summary>Single-value extended properties by id (compared without case, as Exchange does).</summary>
    public Dictionary<string, string> Properties { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Exchange's change key: every change makes a new one, and the <c>@odata.etag</c> carries it.</summary>
    public int ChangeKey { get; set; } = 1;

    /// <summary>The server's change sequence number of the message's last change (delta rounds compare it).</summary>
    public long LastChange { get; set; }

    public int Moves { get; set; }

    /// <summary>PATCHes that changed the categories or extended properties (the app labelling it).</summary>
    public int LabelWrites { get; set; }

    public string ETag => $"W/\"CQAAABYAAAA{ChangeKey:D6}\"";

    /// <summary>The REST id: without immutable ids, Exchange's id of a message changes when it moves to another folder.</summary>
    public string RestId => Moves == 0 ? Id : $"{Id}-m{Moves}";
}

/// <summary>One mail folder: its id, name, parent and, for the default ones, its well-known name.</summary>
internal sealed record FakeGraphFolder(string Id, string DisplayName, string? ParentId, string? WellKnownName);
