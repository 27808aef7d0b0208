using System.Text.Json;

namespace EmailTriage.Testing;

/// <summary>Reads the parts of an OpenAI chat completion body that tests assert on.</summary>
internal static class ChatRequestParser
{
    /// <summary>
    /// Always yields a request so that malformed bodies are still recorded;
    /// <paramref name="error"/> is set when the body is not a usable chat request.
    /// </summary>
    public static FakeLlmRequest Parse(string rawBody, string? authorization, out string? error)
    {
        try
        {
            using var document = JsonDocument.Parse(rawBody);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "The request body must be a JSON object.";
                return Empty(rawBody, authorization);
            }

            var messages = ReadMessages(root);
            var (hasJsonSchema, labels) = ReadResponseFormat(root);
            var request = new FakeLlmRequest(
                Model: String(root, "model") ?? "",
                Messages: messages ?? [],
                RawBody: rawBody,
                Authorization: authorization,
                HasJsonSchema: hasJsonSchema,
                SchemaLabels: labels,
                Temperature: Number(root, "temperature"),
                MaxCompletionTokens: Integer(root, "max_completion_tokens"),
                MaxTokens: Integer(root, "max_tokens"))
            {
                TopLevelFields = [.. root.EnumerateObject().Select(p => p.Name)],
                Fields = ReadFields(root),
                UnknownFields = [.. root.EnumerateObject().Select(p => p.Name).Where(name => !OpenAiParameters.Contains(name))],
            };

            error = messages is null ? "Missing required parameter: 'messages'." : null;
            return request;
        }
        catch (JsonException)
        {
            error = "We could not parse the JSON body of your request.";
            return Empty(rawBody, authorization);
        }
    }

    // Chat completion parameters OpenAI documents; anything else it answers with "Unrecognized request argument supplied".
    private static readonly HashSet<string> OpenAiParameters =
    [
        "audio", "frequency_penalty", "function_call", "functions", "logit_bias", "logprobs", "max_completion_tokens",
        "max_tokens", "messages", "metadata", "modalities", "model", "n", "parallel_tool_calls", "prediction",
        "presence_penalty", "prompt_cache_key", "reasoning_effort", "response_format", "safety_identifier", "seed",
        "service_tier", "stop", "store", "stream", "stream_options", "temperature", "tool_choice", "tools",
        "top_logprobs", "top_p", "user", "verbosity", "web_search_options",
    ];

    private static Dictionary<string, string> ReadFields(JsonElement root)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            // Last one wins on duplicates, as most JSON readers on the server side do.
            fields[property.Name] = property.Value.GetRawText();
        }

        return fields;
    }

    private static FakeLlmRequest Empty(string rawBody, string? authorization) =>
        new("", [], rawBody, authorization, false, null, null, null, null);

    private static List<FakeLlmChatMessage>? ReadMessages(JsonElement root)
    {
        if (!root.TryGetProperty("messages", out var array) || array.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var messages = new List<FakeLlmChatMessage>(array.GetArrayLength());
        foreach (var message in array.EnumerateArray())
        {
            if (message.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var content = message.TryGetProperty("content", out var c) ? ReadContent(c) : "";
            messages.Add(new FakeLlmChatMessage(String(message, "role") ?? "", content));
        }

        return messages;
    }

    private static string ReadContent(JsonElement content)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString()!;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return "";
        }

        // Text parts are joined with newlines, as llama.cpp does; non-text parts (images) carry no text.
        var texts = content.EnumerateArray()
            .Where(part => part.ValueKind == JsonValueKind.Object && String(part, "type") == "text")
            .Select(part => String(part, "text") ?? "");
        return string.Join('\n', texts);
    }

    private static (bool HasJsonSchema, List<string>? Labels) ReadResponseFormat(JsonElement root)
    {
        if (!root.TryGetProperty("response_format", out var format)
            || format.ValueKind != JsonValueKind.Object
            || String(format, "type") != "json_schema")
        {
            return (false, null);
        }

        if (format.TryGetProperty("json_schema", out var jsonSchema)
            && jsonSchema.ValueKind == JsonValueKind.Object
            && jsonSchema.TryGetProperty("schema", out var schema)
            && schema.ValueKind == JsonValueKind.Object
            && schema.TryGetProperty("properties", out var properties)
            && properties.ValueKind == JsonValueKind.Object
            && properties.TryGetProperty("label", out var label)
            && label.ValueKind == JsonValueKind.Object
            && label.TryGetProperty("enum", out var values)
            && values.ValueKind == JsonValueKind.Array)
        {
            var labels = values.EnumerateArray()
                .Where(v => v.ValueKind == JsonValueKind.String)
                .Select(v => v.GetString()!)
                .ToList();
            return (true, labels);
        }

        return (true, null);
    }

    private static string? String(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static double? Number(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static int? Integer(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var i)
            ? i
            : null;
}
