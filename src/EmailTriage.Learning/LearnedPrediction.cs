namespace EmailTriage.Learning;

/// <summary>
/// The learned answer for one message. <see cref="Decided"/> says whether it may stand alone (confidence at
/// or above the gate, or a correction); otherwise the next classifier decides and <see cref="Top"/> can help it.
/// </summary>
public sealed record LearnedPrediction(string Label, double Confidence, bool Decided, LearnedEvidence Evidence, IReadOnlyList<LabelScore> Top);
