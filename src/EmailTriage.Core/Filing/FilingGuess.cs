namespace EmailTriage.Filing;

/// <summary>
/// What the learned model thinks of one message: its best label and how sure it is, whether that clears the gate
/// measured on held-out mail (then it decides alone), what it rests on, and its most likely labels, best first.
/// </summary>
public sealed record FilingGuess(string Label, double Confidence, bool Decided, string Evidence, IReadOnlyList<string> Likely)
{
    /// <summary>The lowest confidence at which the model decides alone; above 1 when it never does.</summary>
    public double Gate { get; init; }

    /// <summary>Why the guess does not decide alone (below the gate, its label stopped by the monitor, the model stale); null when it decides.</summary>
    public string? NotAloneBecause { get; init; }

    /// <summary>What the guess rests on, as data; <see cref="Evidence"/> says the same in a word.</summary>
    public FilingEvidence? Details { get; init; }
}
