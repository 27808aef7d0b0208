using EmailTriage.Filing;

namespace EmailTriage.Evaluation;

/// <summary>What eval's learned model was trained on, what the measurement let it learn, and, for a replay, how it went over time.</summary>
public sealed record LearningFigures
{
    /// <summary>The oldest share of the truth set the model was trained on; null for a model given with --model.</summary>
    public double? Split { get; init; }

    public int TrainedOn { get; init; }

    public bool Replay { get; init; }

    /// <summary>
    /// What the model learned while it was measured, in words: in a replay everything (each truth revealed after its
    /// decision, as the user's filing; the memories and the monitor learn it at once, the text model at its retrains);
    /// in a static measurement nothing (a user who files and corrects nothing for the whole period).
    /// </summary>
    public string Measured { get; init; } = string.Empty;

    /// <summary>Retrains during the replay, on the product's own cadence (LEARNED_RETRAIN_EVERY).</summary>
    public int Retrains { get; init; }

    /// <summary>Per tenth of the replay, in date order: coverage, accuracy where decided, and the model deciding everything.</summary>
    public IReadOnlyList<CurvePoint> Curve { get; init; } = [];

    /// <summary>Each label as the measurement left it: its live precision, whether it may decide alone, and why not.</summary>
    public IReadOnlyList<FilingLabelStatus> LabelStatus { get; init; } = [];
}

/// <summary>
/// One stretch of a replay: messages <see cref="From"/> to <see cref="To"/> (1-based, in date order), how many were given a
/// label, how many of those were right, and how the learned model's best label did on the messages it was asked about.
/// </summary>
public sealed record CurvePoint(int From, int To, int Correct)
{
    public int Decided { get; init; }

    public int Guessed { get; init; }

    public int GuessedRight { get; init; }

    public int Messages => To - From + 1;

    /// <summary>The share of the stretch given a label.</summary>
    public double Coverage => Messages == 0 ? 0 : (double)Decided / Messages;

    /// <summary>Right among those given a label; null when none was.</summary>
    public double? AccuracyWhereDecided => Decided == 0 ? null : (double)Correct / Decided;

    /// <summary>The learned model deciding every message it was asked about; null when it was asked about none.</summary>
    public double? LearnedAccuracyDecidingAll => Guessed == 0 ? null : (double)GuessedRight / Guessed;
}
