namespace EmailTriage.Llm;

/// <summary>How each kind of server is called where a person reads it.</summary>
internal static class LlmServerNames
{
    public static string Display(LlmServerKind kind) => kind switch
    {
        LlmServerKind.OpenAi => "OpenAI",
        LlmServerKind.Together => "Together.ai",
        LlmServerKind.LiteLlm => "LiteLLM",
        LlmServerKind.Ollama => "Ollama",
        LlmServerKind.MlxLm => "mlx_lm.server",
        LlmServerKind.Vllm => "vLLM",
        LlmServerKind.LlamaCpp => "llama.cpp server",
        _ => "an OpenAI-compatible server",
    };
}
