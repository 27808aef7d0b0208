namespace EmailTriage.Classification;

/// <summary>
/// The OpenAI-compatible servers whose quirks we know (docs/llm_configuration.md has the table). Told by LLM_SERVER,
/// else by the host name for the clouds, else by how the server's /v1/models answer looks.
/// </summary>
public enum LlmServerKind
{
    /// <summary>Nothing told us what it is: sent only what every server reads.</summary>
    Unknown,
    OpenAi,
    Together,
    LiteLlm,
    Ollama,
    MlxLm,
    Vllm,
    LlamaCpp,
}
