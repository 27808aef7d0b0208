namespace EmailTriage.Classification;

/// <summary>
/// What one chat call gave back: the visible answer (reasoning taken out), whether the model reasoned first, why it
/// stopped (as the server spelled it, or null when it did not say), and the tokens it cost.
/// </summary>
public sealed record ChatAnswer(string Text, string? FinishReason, LlmUsage Usage)
{
    /// <summary>The model reasoned before answering: a reasoning field, a <c>&lt;think&gt;</c> block, or hidden reasoning tokens.</summary>
    public bool Thought { get; init; }

    /// <summary>The server stopped at the output budget, so the answer may be missing or cut.</summary>
    public bool CutAtBudget => string.Equals(FinishReason, "length", StringComparison.OrdinalIgnoreCase);

    /// <summary>True when the model spent its whole budget thinking and has not answered yet.</summary>
    public bool OnlyThought => string.IsNullOrWhiteSpace(Text) && (Thought || CutAtBudget);
}
