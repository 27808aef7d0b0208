using System.Text.Json.Serialization;

namespace EmailTriage.Functions;

public sealed record ClassifyBody(
    [property: JsonPropertyName("from")] string? From,
    [property: JsonPropertyName("subject")] string? Subject,
    [property: JsonPropertyName("body")] string? Body);

public sealed record ClassifyResponse(
    [property: JsonPropertyName("label")] string? Label,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("reason")] string Reason);

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(ClassifyBody))]
internal sealed partial class FunctionsJsonContext : JsonSerializerContext;
