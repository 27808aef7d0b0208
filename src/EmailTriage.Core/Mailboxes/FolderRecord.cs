using System.Text.Json.Serialization;

namespace EmailTriage.Mailboxes;

/// <summary>
/// One line of a folder mailbox's <c>labels.jsonl</c>. The app writes <c>source</c> first, so a line cut short by an
/// interrupted write still shows it was the app's (see <see cref="LabelRecordFile"/>); a line written by hand has no source.
/// </summary>
public sealed record FolderRecord(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("action")] string? Action,
    [property: JsonPropertyName("source"), JsonPropertyOrder(-1)] string? Source,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("at")] DateTimeOffset? At);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(FolderRecord))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(string))]
internal sealed partial class FolderRecordJsonContext : JsonSerializerContext;
