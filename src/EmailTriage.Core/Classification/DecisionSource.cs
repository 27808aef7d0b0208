namespace EmailTriage.Classification;

public enum DecisionSource
{
    /// <summary>A rule in labels.json decided, without the LLM.</summary>
    Rule,

    /// <summary>The model learned from the user's own filing decided, above its confidence gate, without the LLM.</summary>
    Learned,

    /// <summary>The LLM chose a configured label.</summary>
    Llm,

    /// <summary>The message could not be read or classified and got the configured fallback label.</summary>
    Fallback,

    /// <summary>No label: reading or classifying the message failed; it is left untouched for the next run.</summary>
    Failed,

    /// <summary>No label, and nothing went wrong: the message waits for an LLM that is not configured.</summary>
    Deferred,
}
