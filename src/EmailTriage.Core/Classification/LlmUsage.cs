namespace EmailTriage.Classification;

/// <summary>What classification cost: chat calls and their tokens, as the server reported them or, where it did not, as we estimated them.</summary>
public readonly record struct LlmUsage(int Calls, long PromptTokens, long CompletionTokens)
{
    /// <summary>Calls whose server sent no usage, so their tokens are our estimate.</summary>
    public int EstimatedCalls { get; init; }

    public bool IsEstimated => EstimatedCalls > 0;

    /// <summary>" (estimated for 3 of 10 calls: the server sent no usage)", or empty when every figure is the server's.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string EstimatedNote => IsEstimated ? $" (estimated for {EstimatedCalls} of {Calls} calls: the server sent no usage)" : string.Empty;

    public static LlmUsage operator +(LlmUsage a, LlmUsage b) =>
        new(a.Calls + b.Calls, a.PromptTokens + b.PromptTokens, a.CompletionTokens + b.CompletionTokens) { EstimatedCalls = a.EstimatedCalls + b.EstimatedCalls };
}
