namespace EmailTriage.Evaluation;

/// <summary>What eval's learned model was trained on and, for a replay, how accuracy moved over time.</summary>
public sealed record LearningFigures
{
    /// <summary>The oldest share of the truth set the model was trained on; null for a model given with --model.</summary>
    public double? Split { get; init; }

    public int TrainedOn { get; init; }

    public bool Replay { get; init; }

    /// <summary>Retrains during the replay, on the product's own cadence (LEARNED_RETRAIN_EVERY).</summary>
    public int Retrains { get; init; }

    /// <summary>Accuracy per tenth of the replay, in date order: the learning curve.</summary>
    public IReadOnlyList<CurvePoint> Curve { get; init; } = [];
}

/// <summary>One stretch of a replay: messages <see cref="From"/> to <see cref="To"/> (1-based, in date order).</summary>
public sealed record CurvePoint(int From, int To, int Correct)
{
    public int Messages => To - From + 1;

    public double Accuracy => Messages == 0 ? 0 : (double)Correct / Messages;
}
