namespace EmailTriage.Learning;

/// <summary>
/// Sender address -> where that sender's mail went, newest first. Recency matters because users move a
/// sender's mail to a new label and then stick to it, so each older filing counts half as much every
/// <see cref="HalfLife"/> newer ones. A correction holds until a later filing by the user says otherwise.
/// </summary>
internal sealed class SenderMemory
{
    public const int HalfLife = 3;
    public const int Kept = 24;

    public Dictionary<string, SenderHistory> Senders { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    public void Remember(string address, string label, DateTimeOffset at)
    {
        if (address.Length == 0)
        {
            return;
        }

        var history = Of(address);
        Insert(history.Filings, new SenderFiling(label, at));
        if (history.Correction is { } correction && at > correction.At && label != correction.Label)
        {
            history.Correction = null;
        }
    }

    public void Correct(string address, string label, DateTimeOffset at)
    {
        if (address.Length == 0)
        {
            return;
        }

        var history = Of(address);
        Insert(history.Filings, new SenderFiling(label, at));
        history.Correction = new SenderFiling(label, at);
    }

    public string? CorrectionFor(string address) =>
        Senders.TryGetValue(address, out var history) ? history.Correction?.Label : null;

    /// <summary>Recency-weighted share of each label among the sender's filings; empty for a sender never seen.</summary>
    public IReadOnlyDictionary<string, double> Distribution(string address)
    {
        var shares = new Dictionary<string, double>();
        if (address.Length == 0 || !Senders.TryGetValue(address, out var history) || history.Filings.Count == 0)
        {
            return shares;
        }

        var total = 0.0;
        for (var i = 0; i < history.Filings.Count; i++)
        {
            var weight = Math.Pow(0.5, (double)i / HalfLife);
            var label = history.Filings[i].Label;
            shares[label] = shares.GetValueOrDefault(label) + weight;
            total += weight;
        }

        foreach (var label in shares.Keys.ToList())
        {
            shares[label] /= total;
        }

        return shares;
    }

    private SenderHistory Of(string address)
    {
        if (!Senders.TryGetValue(address, out var history))
        {
            history = new SenderHistory();
            Senders[address] = history;
        }

        return history;
    }

    // Newest first; mail arrives mostly in order, so the insertion point is nearly always the front.
    private static void Insert(List<SenderFiling> filings, SenderFiling filing)
    {
        var index = 0;
        while (index < filings.Count && filings[index].At > filing.At)
        {
            index++;
        }

        filings.Insert(index, filing);
        if (filings.Count > Kept)
        {
            filings.RemoveAt(filings.Count - 1);
        }
    }
}
