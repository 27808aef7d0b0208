namespace EmailTriage.Gmail.Filing;

/// <summary>What one read of Gmail's history says about one message, all its records collapsed.</summary>
internal sealed class GmailMessageChanges(string id)
{
    public string Id { get; } = id;

    /// <summary>The configured label our own batchModify added (with the marker) within the read, if it did.</summary>
    public string? AppliedLabelId { get; set; }

    /// <summary>Configured labels added without the marker: by the user (or a filter), never by us.</summary>
    public HashSet<string> AddedByHand { get; } = new(StringComparer.Ordinal);

    /// <summary>The message's label ids after its last change in the read; null when that record did not say.</summary>
    public IReadOnlyCollection<string>? LabelsAfter { get; set; }

    /// <summary>The history id of its last change, to hand events over in the order they happened.</summary>
    public ulong LastChange { get; set; }
}
