namespace EmailTriage.Classification;

/// <summary>The label chosen for one message (null when it is left for the next run), who chose it, and why.</summary>
public sealed record Decision(string? Label, DecisionSource Source, string Reason)
{
    public LlmUsage Usage { get; init; }

    /// <summary>How long each chat call for this message took, in order; empty when no LLM was asked.</summary>
    public IReadOnlyList<TimeSpan> LlmCallDurations { get; init; } = [];

    /// <summary>True when the message waits for an LLM that is not configured (not a failure).</summary>
    public bool NeedsLlm { get; init; }

    public static Decision Failed(string reason) => new(null, DecisionSource.Failed, reason);
}
