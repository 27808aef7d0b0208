namespace EmailTriage.Learning;

/// <summary>What training saw and measured, for the user and for the benchmark.</summary>
public sealed record TrainingReport
{
    /// <summary>Messages used, all carrying a label of the label set.</summary>
    public int Messages { get; init; }

    /// <summary>Messages skipped because their label is not in the label set.</summary>
    public int OutsideLabelSet { get; init; }

    /// <summary>How many of the newest messages were held out to measure the blend and the gate.</summary>
    public int HeldOut { get; init; }

    public IReadOnlyDictionary<string, int> MessagesPerLabel { get; init; } = new Dictionary<string, int>();

    /// <summary>Labels with some but too few examples to learn well.</summary>
    public IReadOnlyList<string> SparseLabels { get; init; } = [];

    /// <summary>Labels of the label set with no example at all: the model cannot answer them until mail is filed there.</summary>
    public IReadOnlyList<string> UnseenLabels { get; init; } = [];

    /// <summary>Accuracy on the held-out mail of the text model alone, and with the memories blended in (NaN when nothing was held out).</summary>
    public double HeldOutModelAccuracy { get; init; } = double.NaN;

    public double HeldOutAccuracy { get; init; } = double.NaN;

    public TimeSpan TrainingTime { get; init; }
}
