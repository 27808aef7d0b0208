namespace EmailTriage.Gmail.Filing;

/// <summary>
/// The label each triaged message was last known to carry: what the app applied, or the user's correction of it
/// since. Only the newest <see cref="Capacity"/> are kept, so the state item stays small however long the app runs;
/// a relabel of an older message is then taken as a filing, not a correction.
/// </summary>
internal sealed class GmailAppliedLabels
{
    public const int Capacity = 10_000;

    private readonly Dictionary<string, (string Label, long Order)> _labels = new(StringComparer.Ordinal);
    private long _next;

    public int Count => _labels.Count;

    public static GmailAppliedLabels From(IEnumerable<GmailAppliedLabel> oldestFirst)
    {
        var labels = new GmailAppliedLabels();
        foreach (var entry in oldestFirst)
        {
            labels.Set(entry.Id, entry.Label);
        }

        return labels;
    }

    public string? Of(string messageId) => _labels.TryGetValue(messageId, out var entry) ? entry.Label : null;

    /// <summary>Records the label, as the newest entry.</summary>
    public void Set(string messageId, string label) => _labels[messageId] = (label, ++_next);

    /// <summary>Records every entry of <paramref name="newer"/>, in its order, as newer than all of these.</summary>
    public void SetAll(GmailAppliedLabels newer)
    {
        foreach (var entry in newer.Newest())
        {
            Set(entry.Id, entry.Label);
        }
    }

    /// <summary>The newest <see cref="Capacity"/> entries, oldest first.</summary>
    public IReadOnlyList<GmailAppliedLabel> Newest() =>
        [.. _labels.OrderBy(e => e.Value.Order).TakeLast(Capacity).Select(e => new GmailAppliedLabel(e.Key, e.Value.Label))];
}
