using System.ClientModel.Primitives;
using System.Text;
using System.Text.Json;
using OpenAI.Chat;

namespace EmailTriage.Llm;

/// <summary>
/// Reads a chat completion body. The SDK's typed model reads what OpenAI itself sends; where it refuses a body that
/// real servers do send (a finish_reason it does not know, such as Ollama's null or vLLM's abort, error and
/// repetition), the answer is read from the JSON directly. Reasoning fields (reasoning_content, reasoning) and
/// inline <c>&lt;think&gt;</c> blocks are taken out of the answer. A body with no answer at all is null.
/// </summary>
internal static class ChatAnswerReader
{
    private static readonly string[] ReasoningFields = ["reasoning_content", "reasoning", "thinking"];

    /// <summary>The answer, or null when the body is not a chat completion.</summary>
    public static ChatAnswer? Read(BinaryData body, Func<string, LlmUsage> estimate)
    {
        var (content, finish, usage) = ReadTyped(body) ?? ReadRaw(body) ?? default;
        if (content is null)
        {
            return null;
        }

        var (answer, thought) = ThinkingText.Split(content);
        // Hidden reasoning tokens say so by themselves; a reasoning field is looked for only when there is no answer.
        thought |= usage?.Reasoning > 0 || (string.IsNullOrWhiteSpace(answer) && HasReasoningField(body));

        var spent = usage is { } reported ? new LlmUsage(1, reported.Prompt, reported.Completion) : estimate(content);
        return new ChatAnswer(answer.Trim(), finish, spent) { Thought = thought };
    }

    private static Parts? ReadTyped(BinaryData body)
    {
        try
        {
            var completion = ModelReaderWriter.Read<ChatCompletion>(body);
            if (completion is null)
            {
                return null;
            }

            var text = string.Concat(completion.Content.Select(part => part.Text));
            var usage = completion.Usage is { } u
                ? new Reported(u.InputTokenCount, u.OutputTokenCount, u.OutputTokenDetails?.ReasoningTokenCount ?? 0)
                : (Reported?)null;
            return new Parts(text, Wire(completion.FinishReason), usage);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException or JsonException or KeyNotFoundException or NullReferenceException)
        {
            // A shape the typed model does not know: read the JSON ourselves.
            return null;
        }
    }

    private static Parts? ReadRaw(BinaryData body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind != JsonValueKind.Object
                || !json.RootElement.TryGetProperty("choices", out var choices)
                || choices.ValueKind != JsonValueKind.Array
                || choices.GetArrayLength() == 0)
            {
                return null;
            }

            var choice = choices[0];
            var finish = choice.TryGetProperty("finish_reason", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
            var text = choice.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object && message.TryGetProperty("content", out var content)
                ? Text(content)
                : string.Empty;
            return new Parts(text, finish, Usage(json.RootElement));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // content is a string, null (nothing said, or only reasoning), or a list of parts whose text parts make the answer.
    private static string Text(JsonElement content)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString()!;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return string.Empty;
        }

        var text = new StringBuilder();
        foreach (var part in content.EnumerateArray())
        {
            if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String)
            {
                text.Append(t.GetString());
            }
        }

        return text.ToString();
    }

    private static Reported? Usage(JsonElement root)
    {
        if (!root.TryGetProperty("usage", out var usage) || usage.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        long Number(JsonElement parent, string name) =>
            parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : 0;

        var reasoning = usage.TryGetProperty("completion_tokens_details", out var details) && details.ValueKind == JsonValueKind.Object
            ? Number(details, "reasoning_tokens")
            : 0;
        return new Reported(Number(usage, "prompt_tokens"), Number(usage, "completion_tokens"), reasoning);
    }

    private static bool HasReasoningField(BinaryData body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("choices", out var choices)
                && choices.ValueKind == JsonValueKind.Array
                && choices.GetArrayLength() > 0
                && choices[0].TryGetProperty("message", out var message)
                && message.ValueKind == JsonValueKind.Object
                && ReasoningFields.Any(name => message.TryGetProperty(name, out var r) && r.ValueKind == JsonValueKind.String && r.GetString()!.Length > 0);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Wire(ChatFinishReason reason) => reason switch
    {
        ChatFinishReason.Stop => "stop",
        ChatFinishReason.Length => "length",
        ChatFinishReason.ContentFilter => "content_filter",
        ChatFinishReason.ToolCalls => "tool_calls",
        ChatFinishReason.FunctionCall => "function_call",
        _ => reason.ToString(),
    };

    private readonly record struct Reported(long Prompt, long Completion, long Reasoning);

    private readonly record struct Parts(string? Content, string? Finish, Reported? Usage);
}
