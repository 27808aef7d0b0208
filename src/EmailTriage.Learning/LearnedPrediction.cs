using EmailTriage.Filing;

namespace EmailTriage.Learning;

/// <summary>
/// The learned answer for one message. <see cref="Decided"/> says whether it may stand alone (confidence at or above
/// the gate that applies, its label not paused by the monitor, the model not stale; or a correction); otherwise the
/// next classifier decides and <see cref="Top"/> can help it.
/// </summary>
public sealed record LearnedPrediction(string Label, double Confidence, bool Decided, LearnedEvidence Evidence, IReadOnlyList<LabelProbability> Top)
{
    /// <summary>The confidence clears the gate that applies to this message (whether or not something else holds it back).</summary>
    public bool AboveGate { get; init; }

    /// <summary>The gate that applied: <see cref="LearnedModel.Gate"/>, or the stricter one for mail nothing filed speaks for; infinity when closed.</summary>
    public double Gate { get; init; } = double.PositiveInfinity;

    /// <summary>Why the prediction does not decide alone; null when it does.</summary>
    public string? NotAloneBecause { get; init; }

    /// <summary>What the prediction rests on, as data; null unless asked for (see <see cref="LearnedModel.Predict(EmailTriage.Mail.MailMessage, bool)"/>).</summary>
    public FilingEvidence? Details { get; init; }
}
