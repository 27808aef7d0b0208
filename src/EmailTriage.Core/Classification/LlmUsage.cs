namespace EmailTriage.Classification;

/// <summary>What classification cost: chat calls and the tokens the server reported.</summary>
public readonly record struct LlmUsage(int Calls, long PromptTokens, long CompletionTokens)
{
    public static LlmUsage operator +(LlmUsage a, LlmUsage b) =>
        new(a.Calls + b.Calls, a.PromptTokens + b.PromptTokens, a.CompletionTokens + b.CompletionTokens);
}
