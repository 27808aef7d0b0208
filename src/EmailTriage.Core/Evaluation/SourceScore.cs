namespace EmailTriage.Evaluation;

/// <summary>
/// The messages one source (rule, learned, llm, fallback, ...) decided, and how many of them were right. A source that
/// gives no label (deferred: waiting for an LLM; failed) has no accuracy: its messages are not wrong, only undecided.
/// </summary>
public sealed record SourceScore(int Count, int Correct)
{
    /// <summary>Whether this source gives a label; false for deferred and failed.</summary>
    public bool Labels { get; init; } = true;

    public double? Accuracy => Count == 0 || !Labels ? null : (double)Correct / Count;
}
