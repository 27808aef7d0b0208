namespace EmailTriage.Learning;

/// <summary>
/// The gates a prediction must clear to decide alone, each chosen on held-out mail for the same target: <see cref="Main"/>
/// for mail the memories know something about, <see cref="Novel"/> for mail nothing filed speaks for (a sender never
/// filed, no known thread), which is where later mail drifts most.
/// </summary>
internal sealed record GateSet(ConfidenceGate Main, ConfidenceGate Novel)
{
    public ConfidenceGate For(bool novel) => novel ? Novel : Main;

    public static GateSet Choose(IReadOnlyList<HeldOutDecision> heldOut, double targetPrecision)
    {
        var main = ConfidenceGate.Choose([.. heldOut.Select(h => (h.Confidence, h.Correct))], targetPrecision);
        var novel = ConfidenceGate.Choose([.. heldOut.Where(h => h.Novel).Select(h => (h.Confidence, h.Correct))], targetPrecision);
        return new GateSet(main, novel);
    }
}
