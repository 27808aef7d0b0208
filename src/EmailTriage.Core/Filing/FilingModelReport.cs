namespace EmailTriage.Filing;

/// <summary>What a learned model was trained on and what it measured on the newest mail it held out.</summary>
public sealed record FilingModelReport
{
    public int Messages { get; init; }

    /// <summary>Filed messages skipped because their label is not in the label file.</summary>
    public int OutsideLabelSet { get; init; }

    public int HeldOut { get; init; }

    /// <summary>Accuracy on the held-out mail, deciding everything (NaN when nothing was held out).</summary>
    public double HeldOutAccuracy { get; init; } = double.NaN;

    public double TargetPrecision { get; init; }

    /// <summary>The lowest confidence at which the model decides alone; null when it never does.</summary>
    public double? Gate { get; init; }

    /// <summary>The share of held-out mail at or above the gate, and the precision there.</summary>
    public double GateCoverage { get; init; }

    public double GatePrecision { get; init; } = double.NaN;

    /// <summary>Why the gate is closed, in words; null when it is open.</summary>
    public string? GateClosedBecause { get; init; }

    /// <summary>The gate for mail nothing filed speaks for (a sender never filed, no known thread), chosen on such held-out mail; null when that mail never decides alone.</summary>
    public double? NovelGate { get; init; }

    /// <summary>Why mail nothing filed speaks for never decides alone; null when <see cref="NovelGate"/> is set.</summary>
    public string? NovelGateClosedBecause { get; init; }

    /// <summary>The date of the newest mail the user filed or corrected that the model learned; its lone decisions stop on mail much newer (see docs/learning.md).</summary>
    public DateTimeOffset? NewestFiling { get; init; }

    /// <summary>Each label as it stands now: live precision of its recent lone decisions, whether it may decide alone, and why not.</summary>
    public IReadOnlyList<FilingLabelStatus> LabelStatus { get; init; } = [];

    public TimeSpan TrainingTime { get; init; }

    public IReadOnlyDictionary<string, int> MessagesPerLabel { get; init; } = new Dictionary<string, int>();

    /// <summary>Labels with some, but too few, examples to learn well.</summary>
    public IReadOnlyList<string> SparseLabels { get; init; } = [];

    /// <summary>Labels with no example: the model cannot answer them until mail is filed there.</summary>
    public IReadOnlyList<string> UnseenLabels { get; init; } = [];

    /// <summary>What <c>learn</c> kept of the model it replaced; null for a model not trained by <c>learn</c>.</summary>
    public FilingKept? Kept { get; init; }
}
