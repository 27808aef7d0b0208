namespace EmailTriage.Learning;

/// <summary>
/// The model's training examples by message key, the later act winning, and which of them arrived or changed
/// since the text model was fitted (what a retrain would add). Examples under labels the model does not have (a label
/// that left the label file, a correction to one never in it) are kept aside, never trained on, until a retrain for
/// labels that include theirs: what the user taught is never thrown away.
/// </summary>
internal sealed class KeptExamples
{
    private readonly Dictionary<string, FiledExample> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FiledExample> _aside = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _perLabel = new(StringComparer.Ordinal);
    private readonly HashSet<string> _pending = new(StringComparer.Ordinal);

    public KeptExamples(IEnumerable<FiledExample> examples, IEnumerable<string>? pending = null, IEnumerable<FiledExample>? aside = null)
    {
        foreach (var example in aside ?? [])
        {
            _aside[example.Key] = example;
        }

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

    /// <summary>Examples under labels the model does not have, kept for a retrain whose labels include theirs.</summary>
    public IReadOnlyCollection<FiledExample> Aside => _aside.Values;

    public IReadOnlyCollection<string> PendingKeys => _pending;

    public int CountOf(string label) => _perLabel.GetValueOrDefault(label);

    /// <summary>The date of the newest example (the newest mail the user filed or corrected); null when none has a date.</summary>
    public DateTimeOffset? Newest { get; private set; }

    /// <summary>Keeps the example, replacing an earlier one of the same message; false when that one had the same label.</summary>
    public bool Put(FiledExample example)
    {
        // The later act wins: a message the user filed under a label the model has is no longer aside.
        _aside.Remove(example.Key);
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

    /// <summary>
    /// Keeps aside an example under a label the model does not have, replacing the message's earlier example (kept or
    /// aside): the user's later act says its label. False when the same message was aside under that label already.
    /// </summary>
    public bool PutAside(FiledExample example)
    {
        if (_aside.TryGetValue(example.Key, out var earlier) && earlier.Label == example.Label)
        {
            return false;
        }

        if (_byKey.Remove(example.Key, out var kept))
        {
            _perLabel[kept.Label]--;
            _pending.Remove(example.Key);
        }

        _aside[example.Key] = example;
        return true;
    }
}
