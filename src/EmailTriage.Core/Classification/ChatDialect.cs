namespace EmailTriage.Classification;

/// <summary>
/// The optional fields one server is sent. It starts from what that kind of server documents it reads
/// (<see cref="For"/>); a field the server turns down with HTTP 400 is dropped for the rest of the process.
/// </summary>
internal sealed record ChatDialect
{
    /// <summary>temperature 0; OpenAI's reasoning models accept only the default.</summary>
    public bool Temperature { get; init; } = true;

    /// <summary>response_format json_schema with the label names as an enum.</summary>
    public bool JsonSchema { get; init; } = true;

    /// <summary>max_tokens: what Ollama, Together and mlx_lm.server before 2024-10 read; OpenAI's reasoning models refuse it.</summary>
    public bool MaxTokens { get; init; } = true;

    /// <summary>max_completion_tokens: what OpenAI reads; Ollama ignores it.</summary>
    public bool MaxCompletionTokens { get; init; } = true;

    /// <summary>chat_template_kwargs {"enable_thinking": false}: Qwen3-style templates on vLLM, llama.cpp and mlx_lm.server.</summary>
    public bool ChatTemplateNoThinking { get; init; }

    /// <summary>reasoning_effort "none": Ollama's OpenAI layer turns it into think=false.</summary>
    public bool ReasoningEffortNone { get; init; }

    /// <summary>The documented fields for each server; unknown servers get only what every server reads.</summary>
    public static ChatDialect For(LlmServerKind kind) => kind switch
    {
        // OpenAI rejects unknown fields, and max_tokens on its reasoning models.
        LlmServerKind.OpenAi => new() { MaxTokens = false },
        LlmServerKind.Together => new() { MaxCompletionTokens = false },
        LlmServerKind.Ollama => new() { MaxCompletionTokens = false, ReasoningEffortNone = true },
        LlmServerKind.MlxLm or LlmServerKind.Vllm or LlmServerKind.LlamaCpp => new() { ChatTemplateNoThinking = true },
        _ => new(),
    };

    /// <summary>The same dialect without the field named in a 400 answer, or null when the answer names none we send.</summary>
    public ChatDialect? Without(string serverMessage)
    {
        bool Names(string field) => serverMessage.Contains(field, StringComparison.OrdinalIgnoreCase);

        // Most specific names first: "max_completion_tokens" also contains "max_tokens"'s neighbour words.
        if (ChatTemplateNoThinking && (Names("chat_template_kwargs") || Names("enable_thinking")))
        {
            return this with { ChatTemplateNoThinking = false };
        }

        if (ReasoningEffortNone && Names("reasoning_effort"))
        {
            return this with { ReasoningEffortNone = false };
        }

        if (JsonSchema && (Names("response_format") || Names("json_schema")))
        {
            return this with { JsonSchema = false };
        }

        if (MaxCompletionTokens && Names("max_completion_tokens"))
        {
            return this with { MaxCompletionTokens = false, MaxTokens = true };
        }

        if (MaxTokens && MaxCompletionTokens && Names("max_tokens"))
        {
            return this with { MaxTokens = false };
        }

        if (Temperature && Names("temperature"))
        {
            return this with { Temperature = false };
        }

        return null;
    }
}
