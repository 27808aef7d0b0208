using EmailTriage.Errors;

namespace EmailTriage.Triage;

/// <summary>What the learned model did in a run: where it is kept, what it learned from the user, whether it retrained.</summary>
public sealed record LearningSummary(string Model, int Filed, int Corrected, int Retrains, bool Saved)
{
    /// <summary>Filings and corrections under labels not in the label file: kept aside in the model until those labels are added.</summary>
    public int KeptAside { get; init; }

    /// <summary>The labels of <see cref="KeptAside"/>, as the user wrote them.</summary>
    public IReadOnlyList<string> AsideLabels { get; init; } = [];

    /// <summary>Why the model (or how far the mailbox's feedback was read) could not be saved; null when nothing failed.</summary>
    public string? NotSavedBecause { get; init; }

    /// <summary>The kind of that failure, which the run's exit code reflects; null when nothing failed.</summary>
    public FailureKind? NotSavedFailure { get; init; }
}
