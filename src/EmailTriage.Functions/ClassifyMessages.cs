using System.Text.Json.Serialization;

namespace EmailTriage.Functions;

internal sealed record ClassifyBody(
    [property: JsonPropertyName("from")] string? From,
    [property: JsonPropertyName("subject")] string? Subject,
    [property: JsonPropertyName("body")] string? Body)
{
    /// <summary>A mailbox of the list (or "default", the one of the flat settings): classify as its triage would, with its learned model.</summary>
    [JsonPropertyName("mailbox")]
    public string? Mailbox { get; init; }
}

internal sealed record ClassifyResponse(
    [property: JsonPropertyName("label")] string? Label,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("reason")] string Reason);

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(ClassifyBody))]
internal sealed partial class FunctionsJsonContext : JsonSerializerContext;
