using EmailTriage.Classification;

namespace EmailTriage.Triage;

/// <summary>What a run did: counts per label and per source, failures with reasons, time and tokens.</summary>
public sealed record TriageSummary
{
    public required string Mailbox { get; init; }

    public bool DryRun { get; init; }

    /// <summary>New messages the mailbox offered (after --max).</summary>
    public int Candidates { get; init; }

    /// <summary>Messages that got a decision (a label, or a failure with its reason); not those waiting for an LLM.</summary>
    public int Classified { get; init; }

    public int Applied { get; init; }

    public IReadOnlyDictionary<string, int> PerLabel { get; init; } = new Dictionary<string, int>();

    public IReadOnlyDictionary<DecisionSource, int> PerSource { get; init; } = new Dictionary<DecisionSource, int>();

    /// <summary>LLM decisions per server that gave them (<c>model@host:port</c>): primary servers and the fallback provider.</summary>
    public IReadOnlyDictionary<string, int> PerProvider { get; init; } = new Dictionary<string, int>();

    /// <summary>Messages the rules could not decide and no LLM is configured for.</summary>
    public int LeftForLlm { get; init; }

    /// <summary>Messages not started because the run stopped early or ran out of time.</summary>
    public int NotStarted { get; init; }

    public IReadOnlyList<MessageFailure> Failures { get; init; } = [];

    public int FailureCount { get; init; }

    /// <summary>Entries left aside as no message at all (a FIFO, a file name that cannot be opened), each with its reason.</summary>
    public IReadOnlyList<MessageFailure> Skipped { get; init; } = [];

    public int SkippedCount { get; init; }

    public LlmUsage Usage { get; init; }

    public TimeSpan Elapsed { get; init; }

    /// <summary>Why the run stopped before the end (the actionable LLM error), or null.</summary>
    public string? StoppedBecause { get; init; }

    public LlmFailure? StopFailure { get; init; }

    /// <summary>What the learned model did, or null when the mailbox has none.</summary>
    public LearningSummary? Learning { get; init; }
}

/// <summary>A message that was not decided, and why.</summary>
public sealed record MessageFailure(string Id, string Reason)
{
    /// <summary>Not a message at all (a FIFO, a file name that cannot be opened): left aside, not a failure.</summary>
    public bool Skipped { get; init; }
}
