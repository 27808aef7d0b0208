using System.Text.Json;

namespace EmailTriage.Llm;

/// <summary>
/// Writes the chat completion request ourselves, field by field, so each server gets exactly the fields it reads
/// (<see cref="ChatDialect"/>); the SDK's pipeline still sends it (key, retries, timeout).
/// </summary>
internal static class ChatRequestBody
{
    public static BinaryData Write(string model, IReadOnlyList<ChatTurn> turns, int budget, ChatDialect dialect, BinaryData labelSchema)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("model", model);
            json.WriteStartArray("messages");
            foreach (var turn in turns)
            {
                json.WriteStartObject();
                json.WriteString("role", turn.Role);
                json.WriteString("content", turn.Content);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (dialect.Temperature)
            {
                json.WriteNumber("temperature", 0);
            }

            if (dialect.MaxCompletionTokens)
            {
                json.WriteNumber("max_completion_tokens", budget);
            }

            if (dialect.MaxTokens)
            {
                json.WriteNumber("max_tokens", budget);
            }

            if (dialect.JsonSchema)
            {
                json.WriteStartObject("response_format");
                json.WriteString("type", "json_schema");
                json.WriteStartObject("json_schema");
                json.WriteString("name", "label_choice");
                json.WriteBoolean("strict", true);
                json.WritePropertyName("schema");
                json.WriteRawValue(labelSchema.ToMemory().Span);
                json.WriteEndObject();
                json.WriteEndObject();
            }

            if (dialect.ChatTemplateNoThinking)
            {
                json.WriteStartObject("chat_template_kwargs");
                json.WriteBoolean("enable_thinking", false);
                json.WriteEndObject();
            }

            if (dialect.ReasoningEffortNone)
            {
                json.WriteString("reasoning_effort", "none");
            }

            json.WriteEndObject();
        }

        return new BinaryData(stream.ToArray());
    }
}
