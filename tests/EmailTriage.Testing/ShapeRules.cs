using System.Globalization;
using System.Text.Json;

namespace EmailTriage.Testing;

/// <summary>
/// How each real server reads a request: the answer budget, the thinking switch, the model name, what it refuses.
/// Sources per fact: docs/llm_compatibility_facts.md.
/// </summary>
internal static class ShapeRules
{
    // Ollama's /v1 layer accepts these efforts and clamps the ones past its ends (openai/openai.go thinkFromReasoningEffort).
    private static readonly string[] OllamaEfforts = ["", "none", "minimal", "low", "medium", "high", "max", "xhigh", "ultra"];

    /// <summary>The request with what the shape read from it recorded on it.</summary>
    public static FakeLlmRequest Interpret(FakeLlmRequest request, FakeLlmShape shape, bool reasoningModel) =>
        request with
        {
            BudgetRead = Budget(request, shape),
            ThinkingSwitchedOff = ThinkingOff(request, shape),
            Rejection = Reject(request, shape, reasoningModel)?.Message,
        };

    public static int? Budget(FakeLlmRequest request, FakeLlmShape shape)
    {
        var maxTokens = Unbounded(request.MaxTokens);
        var maxCompletionTokens = Unbounded(request.MaxCompletionTokens);
        return shape switch
        {
            FakeLlmShape.Generic => null,
            FakeLlmShape.OpenAi or FakeLlmShape.LiteLlm or FakeLlmShape.Vllm => maxCompletionTokens ?? maxTokens,
            FakeLlmShape.Together or FakeLlmShape.Ollama => maxTokens,
            FakeLlmShape.MlxLm => maxCompletionTokens ?? maxTokens ?? 512,
            FakeLlmShape.MlxLmOld => maxTokens ?? 100,
            FakeLlmShape.LlamaCpp => Unbounded(Integer(request, "n_predict")) ?? maxTokens,
            _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, null),
        };
    }

    public static bool ThinkingOff(FakeLlmRequest request, FakeLlmShape shape) => shape switch
    {
        FakeLlmShape.Generic => TemplateThinkingOff(request) || String(request, "reasoning_effort") == "none"
            || OllamaEffort(request) == "none" || Boolean(request, "think") == false,
        FakeLlmShape.OpenAi => String(request, "reasoning_effort") == "none",
        FakeLlmShape.Together => Boolean(request, "reasoning", "enabled") == false,
        FakeLlmShape.LiteLlm => String(request, "reasoning_effort") == "none" || TemplateThinkingOff(request),
        FakeLlmShape.Ollama => OllamaEffort(request) == "none",
        FakeLlmShape.MlxLm or FakeLlmShape.Vllm or FakeLlmShape.LlamaCpp => TemplateThinkingOff(request),
        FakeLlmShape.MlxLmOld => false,
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, null),
    };

    public static ShapeRejection? Reject(FakeLlmRequest request, FakeLlmShape shape, bool reasoningModel)
    {
        if (shape == FakeLlmShape.OpenAi)
        {
            // A model that does not reason does not know reasoning_effort either (gpt-4o, gpt-4.1); null is accepted.
            List<string> unknown = [.. request.UnknownFields];
            if (!reasoningModel && request.Field("reasoning_effort") is { } rawEffort && rawEffort != "null")
            {
                unknown.Add("reasoning_effort");
            }

            // Several are listed sorted as strings, as OpenAI's own reply does.
            unknown.Sort(StringComparer.Ordinal);
            if (unknown.Count == 1)
            {
                return new($"Unrecognized request argument supplied: {unknown[0]}", null, null);
            }

            if (unknown.Count > 1)
            {
                return new($"Unrecognized request arguments supplied: {string.Join(", ", unknown)}", null, null);
            }

            if (reasoningModel && request.Field("max_tokens") is { } raw && raw != "null")
            {
                return new("Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
                    "max_tokens", "unsupported_parameter");
            }

            if (reasoningModel && request.Temperature is { } temperature && temperature != 1)
            {
                return new($"Unsupported value: 'temperature' does not support {temperature.ToString(CultureInfo.InvariantCulture)} with this model. Only the default (1) value is supported.",
                    "temperature", "unsupported_value");
            }
        }

        if (shape == FakeLlmShape.Ollama && OllamaEffort(request) is { } effort && !OllamaEfforts.Contains(effort))
        {
            return new($"invalid reasoning value: \"{effort}\" (must be \"minimal\", \"low\", \"medium\", \"high\", \"xhigh\", \"ultra\", \"max\", or \"none\")", null, null);
        }

        return null;
    }

    /// <summary>Whether the server would serve <paramref name="requested"/> given the names it has.</summary>
    public static bool Serves(FakeLlmShape shape, IReadOnlyCollection<string> models, string requested) => shape switch
    {
        // A llama.cpp server has one model loaded and answers with it whatever the request names.
        FakeLlmShape.LlamaCpp => true,
        FakeLlmShape.Ollama => models.Contains(requested) || (!HasTag(requested) && models.Contains(requested + ":latest")),
        _ => models.Contains(requested),
    };

    public static FakeLlmReasoningPlacement Placement(FakeLlmShape shape) => shape switch
    {
        FakeLlmShape.OpenAi => FakeLlmReasoningPlacement.Hidden,
        FakeLlmShape.LiteLlm or FakeLlmShape.LlamaCpp => FakeLlmReasoningPlacement.ReasoningContent,
        FakeLlmShape.Ollama or FakeLlmShape.MlxLm or FakeLlmShape.Vllm => FakeLlmReasoningPlacement.Reasoning,
        _ => FakeLlmReasoningPlacement.InlineThink,
    };

    /// <summary>mlx_lm.server has no structured output: it answers free text whatever response_format says.</summary>
    public static bool HonoursJsonSchema(FakeLlmShape shape) => shape is not (FakeLlmShape.MlxLm or FakeLlmShape.MlxLmOld);

    /// <summary>Servers that send <c>"content": null</c> rather than <c>""</c> when nothing but reasoning (or nothing) came out.</summary>
    public static bool EmptyContentIsNull(FakeLlmShape shape) => shape is FakeLlmShape.MlxLm or FakeLlmShape.Vllm or FakeLlmShape.LiteLlm;

    /// <summary>The Server header the real server sends, when distinctive; null leaves Kestrel's.</summary>
    public static string? ServerHeader(FakeLlmShape shape) => shape switch
    {
        FakeLlmShape.OpenAi or FakeLlmShape.Together => "cloudflare",
        FakeLlmShape.LiteLlm or FakeLlmShape.Vllm => "uvicorn",
        FakeLlmShape.MlxLm or FakeLlmShape.MlxLmOld => "BaseHTTP/0.6 Python/3.12.8",
        FakeLlmShape.LlamaCpp => "llama.cpp",
        _ => null,
    };

    /// <summary>finish_reason values the real server can send in a non-streamed chat completion (null: JSON null).</summary>
    public static IReadOnlyList<string?> FinishReasons(FakeLlmShape shape) => shape switch
    {
        FakeLlmShape.OpenAi => ["stop", "length", "tool_calls", "content_filter", "function_call"],
        FakeLlmShape.Together => ["stop", "eos", "length", "tool_calls"],
        FakeLlmShape.Ollama => ["stop", "length", "tool_calls", null],
        FakeLlmShape.MlxLm => ["stop", "length", "tool_calls"],
        FakeLlmShape.MlxLmOld => ["stop", "length"],
        FakeLlmShape.Vllm => ["stop", "length", "tool_calls", "abort", "error"],
        FakeLlmShape.LlamaCpp => ["stop", "length", "tool_calls"],
        _ => ["stop", "length", "tool_calls", "content_filter"],
    };

    // llama.cpp and others read -1 as "until the context is full".
    private static int? Unbounded(int? budget) => budget is < 0 ? null : budget;

    private static bool HasTag(string name) => name[(name.LastIndexOf('/') + 1)..].Contains(':', StringComparison.Ordinal);

    private static bool TemplateThinkingOff(FakeLlmRequest request) =>
        Boolean(request, "chat_template_kwargs", "enable_thinking") == false;

    /// <summary>Ollama takes <c>reasoning.effort</c> when a <c>reasoning</c> object is sent, else <c>reasoning_effort</c>.</summary>
    private static string? OllamaEffort(FakeLlmRequest request) =>
        Element(request, "reasoning") is { ValueKind: JsonValueKind.Object } reasoning
            ? reasoning.TryGetProperty("effort", out var effort) && effort.ValueKind == JsonValueKind.String ? effort.GetString() : ""
            : String(request, "reasoning_effort");

    private static string? String(FakeLlmRequest request, string name) =>
        Element(request, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static int? Integer(FakeLlmRequest request, string name) =>
        Element(request, name) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt32(out var i) ? i : null;

    private static bool? Boolean(FakeLlmRequest request, string name, string? inner = null)
    {
        if (Element(request, name) is not { } value)
        {
            return null;
        }

        if (inner is not null)
        {
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(inner, out value))
            {
                return null;
            }
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        };
    }

    private static JsonElement? Element(FakeLlmRequest request, string name)
    {
        if (request.Field(name) is not { } raw)
        {
            return null;
        }

        using var document = JsonDocument.Parse(raw);
        return document.RootElement.Clone();
    }
}
