namespace EmailTriage.Llm;

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

    /// <summary>
    /// The same dialect without the field a 400 answer names (its error param, else the first field its message
    /// mentions: "'max_tokens' is not supported ... Use 'max_completion_tokens' instead" names max_tokens), or null
    /// when it names none we send. The last budget field is never dropped.
    /// </summary>
    public ChatDialect? Without(string serverMessage)
    {
        (string Name, bool Sent, Func<ChatDialect> Drop)[] fields =
        [
            ("chat_template_kwargs", ChatTemplateNoThinking, () => this with { ChatTemplateNoThinking = false }),
            ("enable_thinking", ChatTemplateNoThinking, () => this with { ChatTemplateNoThinking = false }),
            ("reasoning_effort", ReasoningEffortNone, () => this with { ReasoningEffortNone = false }),

            // Ollama refuses a thinking setting for a model without the capability: "\"x\" does not support thinking".
            ("support thinking", ReasoningEffortNone, () => this with { ReasoningEffortNone = false }),
            ("response_format", JsonSchema, () => this with { JsonSchema = false }),
            ("json_schema", JsonSchema, () => this with { JsonSchema = false }),
            ("max_completion_tokens", MaxCompletionTokens && MaxTokens, () => this with { MaxCompletionTokens = false }),
            ("max_tokens", MaxTokens && MaxCompletionTokens, () => this with { MaxTokens = false }),
            ("temperature", Temperature, () => this with { Temperature = false }),
        ];

        var named = fields
            .Where(f => f.Sent)
            .Select(f => (Field: f, At: serverMessage.IndexOf(f.Name, StringComparison.OrdinalIgnoreCase)))
            .Where(f => f.At >= 0)
            .OrderBy(f => f.At)
            .FirstOrDefault();
        return named.Field.Drop?.Invoke();
    }
}
