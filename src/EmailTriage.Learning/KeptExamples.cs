namespace EmailTriage.Learning;

/// <summary>
/// The model's training examples by message key, the later act winning, and which of them arrived or changed
/// since the text model was fitted (what a retrain would add).
/// </summary>
internal sealed class KeptExamples
{
    private readonly Dictionary<string, FiledExample> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _perLabel = new(StringComparer.Ordinal);
    private readonly HashSet<string> _pending = new(StringComparer.Ordinal);

    public KeptExamples(IEnumerable<FiledExample> examples, IEnumerable<string>? pending = null)
    {
        foreach (var example in examples)
        {
            Put(example);
        }

        _pending.Clear();
        foreach (var key in pending ?? [])
        {
            if (_byKey.ContainsKey(key))
            {
                _pending.Add(key);
            }
        }
    }

    public int Count => _byKey.Count;

    public int Pending => _pending.Count;

    public int PendingCorrections => _pending.Count(k => _byKey[k].Corrected);

    public IReadOnlyCollection<FiledExample> All => _byKey.Values;

    public IReadOnlyCollection<string> PendingKeys => _pending;

    public int CountOf(string label) => _perLabel.GetValueOrDefault(label);

    /// <summary>The date of the newest example (the newest mail the user filed or corrected); null when none has a date.</summary>
    public DateTimeOffset? Newest { get; private set; }

    /// <summary>Keeps the example, replacing an earlier one of the same message; false when that one had the same label.</summary>
    public bool Put(FiledExample example)
    {
        if (_byKey.TryGetValue(example.Key, out var earlier))
        {
            if (earlier.Label == example.Label)
            {
                return false;
            }

            _perLabel[earlier.Label]--;
        }

        _byKey[example.Key] = example;
        if (example.Date is { } date && (Newest is null || date > Newest))
        {
            Newest = date;
        }

        _perLabel[example.Label] = _perLabel.GetValueOrDefault(example.Label) + 1;
        _pending.Add(example.Key);
        return true;
    }
}
