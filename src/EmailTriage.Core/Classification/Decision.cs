namespace EmailTriage.Classification;

/// <summary>The label chosen for one message (null when it is left for the next run), who chose it, and why.</summary>
public sealed record Decision(string? Label, DecisionSource Source, string Reason)
{
    public LlmUsage Usage { get; init; }

    /// <summary>How long each chat call for this message took, in order; empty when no LLM was asked.</summary>
    public IReadOnlyList<TimeSpan> LlmCallDurations { get; init; } = [];

    /// <summary>The server whose answer decided, as <c>model@host:port</c>; null when no LLM answered.</summary>
    public string? Provider { get; init; }

    public static Decision Failed(string reason) => new(null, DecisionSource.Failed, reason);

    /// <summary>No label yet, and no failure: the message waits (for an LLM, or a later run).</summary>
    public static Decision Deferred(string reason) => new(null, DecisionSource.Deferred, reason);
}
