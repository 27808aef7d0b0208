namespace EmailTriage.Learning;

/// <summary>
/// The lowest confidence at which the learned prediction decides alone, chosen on held-out mail: the largest
/// share of held-out messages, taken from the most confident down, whose precision is still at least the
/// target. A null <see cref="Threshold"/> means the model never decides alone.
/// </summary>
public sealed record ConfidenceGate
{
    /// <summary>Fewer held-out messages than this measure nothing: the gate stays closed.</summary>
    public const int FewestHeldOut = 20;

    public double? Threshold { get; init; }

    public double TargetPrecision { get; init; }

    /// <summary>How many held-out messages the gate was measured on.</summary>
    public int HeldOut { get; init; }

    /// <summary>The share of held-out messages at or above the threshold.</summary>
    public double Coverage { get; init; }

    /// <summary>The precision on those messages (NaN when none).</summary>
    public double Precision { get; init; } = double.NaN;

    /// <summary>Why the gate is closed, for people; null when it is open.</summary>
    public string? Reason { get; init; }

    public bool Admits(double confidence) => Threshold is { } threshold && confidence >= threshold;

    public static ConfidenceGate Choose(IReadOnlyList<(double Confidence, bool Correct)> heldOut, double targetPrecision)
    {
        var n = heldOut.Count;
        if (targetPrecision <= 0)
        {
            var right = heldOut.Count(h => h.Correct);
            return new ConfidenceGate { Threshold = 0, TargetPrecision = targetPrecision, HeldOut = n, Coverage = 1, Precision = n == 0 ? double.NaN : (double)right / n };
        }

        if (targetPrecision >= 1)
        {
            return Closed(targetPrecision, n, "LEARNED_TARGET_PRECISION is 1: the model never decides alone");
        }

        if (n < FewestHeldOut)
        {
            return Closed(targetPrecision, n, $"only {n} held-out messages, too few to measure a precision (needs {FewestHeldOut}); file more mail and train again");
        }

        var sorted = heldOut.OrderByDescending(h => h.Confidence).ToArray();
        var correct = 0;
        var best = -1;
        var bestCorrect = 0;
        for (var i = 0; i < sorted.Length; i++)
        {
            correct += sorted[i].Correct ? 1 : 0;

            // Equal confidences are admitted together, so cut only where the next one is lower.
            var endOfTies = i == sorted.Length - 1 || sorted[i + 1].Confidence < sorted[i].Confidence;
            if (endOfTies && correct >= targetPrecision * (i + 1))
            {
                best = i;
                bestCorrect = correct;
            }
        }

        if (best < 0)
        {
            return Closed(targetPrecision, n, $"no confidence reached precision {targetPrecision:0.###} on the {n} held-out messages");
        }

        return new ConfidenceGate
        {
            Threshold = sorted[best].Confidence,
            TargetPrecision = targetPrecision,
            HeldOut = n,
            Coverage = (double)(best + 1) / n,
            Precision = (double)bestCorrect / (best + 1),
        };
    }

    private static ConfidenceGate Closed(double target, int n, string reason) =>
        new() { Threshold = null, TargetPrecision = target, HeldOut = n, Coverage = 0, Reason = reason };
}
