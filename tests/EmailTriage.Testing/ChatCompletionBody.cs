using System.Text;
using System.Text.Json.Nodes;

namespace EmailTriage.Testing;

/// <summary>Builds a non-streamed chat completion as the chosen shape would send it, thinking and budget included.</summary>
internal static class ChatCompletionBody
{
    private const string ReasoningFiller = "The user wants one label for this message. ";

    public static JsonObject Build(FakeLlmRequest request, string answer, ChatAnswerOptions options)
    {
        var shape = options.Shape;
        var thinking = request.ThinkingSwitchedOff ? null : options.Thinking;
        var placement = thinking?.Placement ?? ShapeRules.Placement(shape);
        var output = Output.Produce(answer, thinking, placement, request.BudgetRead);

        var message = new JsonObject { ["role"] = "assistant", ["content"] = Content(output.Content, shape, options.ContentAsParts) };
        if (output.Reasoning.Length > 0 && placement == FakeLlmReasoningPlacement.Reasoning)
        {
            message["reasoning"] = output.Reasoning;
        }
        else if (output.Reasoning.Length > 0 && placement == FakeLlmReasoningPlacement.ReasoningContent)
        {
            message["reasoning_content"] = output.Reasoning;
        }

        var choice = new JsonObject { ["index"] = 0, ["message"] = message };
        AddShapeChoiceFields(choice, message, shape);
        var finishReason = options.FinishReasonOverride ?? (output.Cut ? "length" : "stop");
        if (finishReason != FakeLlmServer.OmitFinishReason)
        {
            choice["finish_reason"] = finishReason == FakeLlmServer.NullFinishReason ? null : finishReason;
        }

        if (shape == FakeLlmShape.Vllm)
        {
            choice["stop_reason"] = null;
        }

        var body = new JsonObject
        {
            ["id"] = "chatcmpl-" + Guid.NewGuid().ToString("N"),
            ["object"] = "chat.completion",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["model"] = request.Model,
            ["choices"] = new JsonArray(choice),
        };
        if (!options.OmitUsage)
        {
            body["usage"] = Usage(request, output, placement, shape);
        }

        AddShapeTopLevelFields(body, shape, output);
        if (options.ExtraFields)
        {
            AddExtraFields(body, choice, message);
        }

        return body;
    }

    private static JsonNode? Content(string content, FakeLlmShape shape, bool asParts)
    {
        if (content.Length == 0 && ShapeRules.EmptyContentIsNull(shape))
        {
            return null;
        }

        return asParts ? new JsonArray(new JsonObject { ["type"] = "text", ["text"] = content }) : JsonValue.Create(content);
    }

    private static JsonObject Usage(FakeLlmRequest request, Output output, FakeLlmReasoningPlacement placement, FakeLlmShape shape)
    {
        var prompt = Output.Tokens(request.Messages.Sum(m => m.Content.Length));
        var completion = output.CompletionTokens;
        if (shape == FakeLlmShape.Vllm)
        {
            return new JsonObject
            {
                ["prompt_tokens"] = prompt,
                ["total_tokens"] = prompt + completion,
                ["completion_tokens"] = completion,
                ["prompt_tokens_details"] = null,
            };
        }

        var usage = new JsonObject
        {
            ["prompt_tokens"] = prompt,
            ["completion_tokens"] = completion,
            ["total_tokens"] = prompt + completion,
        };
        if (shape == FakeLlmShape.OpenAi || (placement == FakeLlmReasoningPlacement.Hidden && output.ReasoningTokens > 0))
        {
            usage["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = 0, ["audio_tokens"] = 0 };
            usage["completion_tokens_details"] = new JsonObject
            {
                ["reasoning_tokens"] = output.ReasoningTokens,
                ["audio_tokens"] = 0,
                ["accepted_prediction_tokens"] = 0,
                ["rejected_prediction_tokens"] = 0,
            };
        }

        return usage;
    }

    private static void AddShapeChoiceFields(JsonObject choice, JsonObject message, FakeLlmShape shape)
    {
        switch (shape)
        {
            case FakeLlmShape.OpenAi:
                message["refusal"] = null;
                message["annotations"] = new JsonArray();
                choice["logprobs"] = null;
                break;
            case FakeLlmShape.Vllm or FakeLlmShape.Together:
                choice["logprobs"] = null;
                break;
        }
    }

    private static void AddShapeTopLevelFields(JsonObject body, FakeLlmShape shape, Output output)
    {
        switch (shape)
        {
            case FakeLlmShape.OpenAi:
                body["service_tier"] = "default";
                body["system_fingerprint"] = null;
                break;
            case FakeLlmShape.Ollama:
                body["system_fingerprint"] = "fp_ollama";
                break;
            case FakeLlmShape.MlxLm or FakeLlmShape.MlxLmOld:
                body["system_fingerprint"] = "fp_" + Guid.NewGuid().ToString("D");
                break;
            case FakeLlmShape.LlamaCpp:
                body["system_fingerprint"] = "b6000-fake";
                body["timings"] = new JsonObject { ["predicted_n"] = output.CompletionTokens };
                break;
            case FakeLlmShape.Together:
                body["prompt"] = new JsonArray();
                break;
        }
    }

    private static void AddExtraFields(JsonObject body, JsonObject choice, JsonObject message)
    {
        body["system_fingerprint"] ??= "fp_fake";
        body["x_groq"] = new JsonObject { ["id"] = "req_fake" };
        body["service_tier"] ??= "on_demand";
        choice["logprobs"] = null;
        choice["stop_reason"] = null;
        message["refusal"] = null;
    }

    /// <summary>What the model produced within the budget: reasoning (shown or hidden) and answer.</summary>
    private sealed record Output(string Content, string Reasoning, int ReasoningTokens, int CompletionTokens, bool Cut)
    {
        public static Output Produce(string answer, FakeLlmThinking? thinking, FakeLlmReasoningPlacement placement, int? budget)
        {
            if (thinking is null)
            {
                var (text, cut) = Trim(answer, budget);
                return new(text, "", 0, cut ? Tokens(text.Length) : Math.Max(1, Tokens(text.Length)), cut);
            }

            var reasoning = ReasoningText(thinking.Tokens);
            if (placement == FakeLlmReasoningPlacement.InlineThink)
            {
                var (text, cut) = Trim($"<think>\n{reasoning}\n</think>\n\n{answer}", budget);
                return new(text, "", 0, Tokens(text.Length), cut);
            }

            if (budget is { } limit && thinking.Tokens >= limit)
            {
                var spent = Trim(reasoning, limit).Text;
                var cutShort = thinking.Tokens > limit || answer.Length > 0;
                return Shown(placement, "", spent, Tokens(spent.Length), cutShort);
            }

            var (content, contentCut) = Trim(answer, budget - thinking.Tokens);
            return Shown(placement, content, reasoning, thinking.Tokens, contentCut);
        }

        public static int Tokens(int characters) => (characters + 3) / 4;

        private static Output Shown(FakeLlmReasoningPlacement placement, string content, string reasoning, int reasoningTokens, bool cut) =>
            new(content, placement == FakeLlmReasoningPlacement.Hidden ? "" : reasoning, reasoningTokens,
                reasoningTokens + Tokens(content.Length), cut);

        private static string ReasoningText(int tokens)
        {
            var text = new StringBuilder(tokens * 4 + ReasoningFiller.Length);
            while (text.Length < tokens * 4)
            {
                text.Append(ReasoningFiller);
            }

            return text.ToString(0, tokens * 4);
        }

        private static (string Text, bool Cut) Trim(string text, int? budget)
        {
            if (budget is not { } limit || Tokens(text.Length) <= limit)
            {
                return (text, false);
            }

            var length = Math.Max(0, limit) * 4;
            if (length > 0 && char.IsHighSurrogate(text[length - 1]))
            {
                length--;
            }

            return (text[..length], true);
        }
    }
}
