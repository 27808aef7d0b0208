namespace EmailTriage.Evaluation;

/// <summary>The messages one source (rule, learned, llm, fallback, ...) decided, and how many of them were right.</summary>
public sealed record SourceScore(int Count, int Correct)
{
    public double? Accuracy => Count == 0 ? null : (double)Correct / Count;
}
