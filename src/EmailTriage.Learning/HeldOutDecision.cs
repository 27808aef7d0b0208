namespace EmailTriage.Learning;

/// <summary>
/// What the probe answered for one held-out message: its best label and confidence, whether that was right, and
/// whether the message was new to the memories (a sender never filed, no known thread). Kept with the model, so the
/// gates can be chosen again for another target without training again.
/// </summary>
internal sealed record HeldOutDecision(string Label, double Confidence, bool Correct, bool Novel);
