using System.Text.Json.Serialization;

namespace EmailTriage.Triage;

/// <summary>The outcome for one message, as the CLI's <c>--json</c> prints it.</summary>
public sealed record MessageResult(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("from")] string From,
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("label")] string? Label,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("applied")] bool Applied,
    [property: JsonPropertyName("reason")] string Reason)
{
    /// <summary>How long each LLM call for this message took; for measuring (eval), not part of the JSON line.</summary>
    [JsonIgnore]
    public IReadOnlyList<TimeSpan> LlmCallDurations { get; init; } = [];
}
