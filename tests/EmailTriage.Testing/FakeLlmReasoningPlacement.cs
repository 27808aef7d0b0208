namespace EmailTriage.Testing;

/// <summary>Where a thinking model's reasoning text appears in the chat completion.</summary>
public enum FakeLlmReasoningPlacement
{
    /// <summary>Not sent at all; only counted in <c>usage.completion_tokens_details.reasoning_tokens</c> (OpenAI).</summary>
    Hidden,

    /// <summary><c>message.reasoning_content</c> (llama.cpp, LiteLLM, vLLM up to 0.10).</summary>
    ReasoningContent,

    /// <summary><c>message.reasoning</c> (Ollama, current mlx_lm.server, current vLLM).</summary>
    Reasoning,

    /// <summary><c>&lt;think&gt;…&lt;/think&gt;</c> at the start of the content (old mlx_lm.server, servers without a reasoning parser).</summary>
    InlineThink,
}
