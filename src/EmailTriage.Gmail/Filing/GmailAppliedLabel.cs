using System.Text.Json.Serialization;

namespace EmailTriage.Gmail.Filing;

/// <summary>One triaged message and the label it was last known to carry.</summary>
internal sealed record GmailAppliedLabel(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("label")] string Label);
