namespace EmailTriage.Evaluation;

/// <summary>
/// How well one label was given. A figure that cannot be computed is null, never NaN: precision when the label was
/// never given, recall when no message should have it.
/// </summary>
/// <param name="Truth">Messages whose truth is this label.</param>
/// <param name="Answered">Messages that were given this label.</param>
/// <param name="Correct">Messages that were given this label and should have it.</param>
public sealed record LabelScore(string Label, int Truth, int Answered, int Correct)
{
    public double? Precision => Answered == 0 ? null : (double)Correct / Answered;

    public double? Recall => Truth == 0 ? null : (double)Correct / Truth;

    // 2TP / (2TP + FP + FN), which equals the harmonic mean of precision and recall where both exist and is 0,
    // not undefined, for a label that was never given but should have been (or given but never right).
    public double? F1 => Truth + Answered == 0 ? null : 2.0 * Correct / (Truth + Answered);
}
