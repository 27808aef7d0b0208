namespace EmailTriage.Classification;

/// <summary>
/// The label the chain chose for one message (null when it is left for the next run), who chose it, why, and what it
/// rests on: the rule that matched, the learned model's confidence against its gate, or the LLM server, model and answer.
/// </summary>
public sealed record Decision(string? Label, DecisionSource Source, string Reason)
{
    public LlmUsage Usage { get; init; }

    /// <summary>How long each chat call for this message took, in order; empty when no LLM was asked.</summary>
    public IReadOnlyList<TimeSpan> LlmCallDurations { get; init; } = [];

    /// <summary>The LLM server whose answer decided, as <c>model@host:port</c>; null when no LLM answered.</summary>
    public string? Provider { get; init; }

    /// <summary>The model that answered, as its server knows it; null when no LLM answered.</summary>
    public string? Model { get; init; }

    /// <summary>The LLM's last answer as it gave it (cut short), for the why; null when no LLM answered.</summary>
    public string? Answer { get; init; }

    /// <summary>The rule of the label file that matched, in words ("from billing@shop.example"); null unless a rule decided.</summary>
    public string? Rule { get; init; }

    /// <summary>The learned model's confidence in its best label, where it was asked.</summary>
    public double? Confidence { get; init; }

    /// <summary>The confidence at which the learned model decides alone (above 1: never), where it was asked.</summary>
    public double? Gate { get; init; }

    /// <summary>The learned model's most likely labels, best first, where it was asked: the choices a reviewer is offered.</summary>
    public IReadOnlyList<string> Likely { get; init; } = [];

    public static Decision Failed(string reason) => new(null, DecisionSource.Failed, reason);

    /// <summary>No label yet, and no failure: the message waits (for an LLM, or a later run).</summary>
    public static Decision Deferred(string reason) => new(null, DecisionSource.Deferred, reason);
}
