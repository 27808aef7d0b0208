namespace EmailTriage.Triage;

/// <summary>What the learned model did in a run: where it is kept, what it learned from the user, whether it retrained.</summary>
public sealed record LearningSummary(string Model, int Filed, int Corrected, int Retrains, bool Saved);
