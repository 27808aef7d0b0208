using System.Text.Json.Serialization;

namespace EmailTriage.Mailboxes;

/// <summary>One line of a folder mailbox's <c>labels.jsonl</c>.</summary>
public sealed record FolderRecord(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("action")] string? Action,
    [property: JsonPropertyName("source")] string? Source,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("at")] DateTimeOffset? At);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(FolderRecord))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class FolderRecordJsonContext : JsonSerializerContext;
