namespace EmailTriage.Testing;

/// <summary>
/// Which real OpenAI-compatible server <see cref="FakeLlmServer"/> imitates: its models list, its errors,
/// how it reads the answer budget, where it puts reasoning. Facts and sources: docs/llm_compatibility_facts.md.
/// </summary>
public enum FakeLlmShape
{
    /// <summary>The fake's own neutral behaviour: OpenAI's wire format, no budget cut, every known thinking switch honoured.</summary>
    Generic,

    /// <summary>api.openai.com: rejects unknown request fields, hides reasoning, reasoning models reject <c>max_tokens</c>.</summary>
    OpenAi,

    /// <summary>api.together.xyz: models list is a bare JSON array; reads <c>max_tokens</c>.</summary>
    Together,

    /// <summary>LiteLLM proxy: an unknown model is a 400 "Invalid model name passed in model=…".</summary>
    LiteLlm,

    /// <summary>Ollama's /v1 layer: <c>llama3.2</c> means <c>llama3.2:latest</c>, <c>"data": null</c> with nothing pulled, reads only <c>max_tokens</c>.</summary>
    Ollama,

    /// <summary>mlx_lm.server today: ignores response_format, default budget 512, an unknown model is a failed load (404).</summary>
    MlxLm,

    /// <summary>mlx_lm.server before October 2024: reads only <c>max_tokens</c> (default 100), no thinking switch, 404 "Not Found".</summary>
    MlxLmOld,

    /// <summary>vLLM: <c>owned_by</c> "vllm" with <c>max_model_len</c>, 404 "The model `x` does not exist.".</summary>
    Vllm,

    /// <summary>llama.cpp server: serves its one model whatever name is asked, reads <c>n_predict</c> before <c>max_tokens</c>.</summary>
    LlamaCpp,
}
