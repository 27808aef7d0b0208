using Microsoft.ML.Tokenizers;

namespace EmailTriage.Llm;

/// <summary>
/// Token counts for a server that sends no usage, with OpenAI's o200k_base encoding: the model's own tokenizer differs
/// by a few percent, which is why such figures are marked as estimated wherever they are shown.
/// </summary>
internal static class TokenEstimate
{
    // Each chat message costs a few tokens of role and separators on top of its text (OpenAI's own rule of thumb).
    private const int PerMessage = 4;

    private static readonly Lazy<Tokenizer> Encoding = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));

    public static LlmUsage For(IReadOnlyList<ChatTurn> prompt, string completion)
    {
        var tokenizer = Encoding.Value;
        var promptTokens = prompt.Sum(turn => tokenizer.CountTokens(turn.Content) + PerMessage);
        return new LlmUsage(1, promptTokens, tokenizer.CountTokens(completion)) { EstimatedCalls = 1 };
    }
}
