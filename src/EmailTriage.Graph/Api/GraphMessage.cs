using System.Text.Json;
using System.Text.Json.Serialization;

namespace EmailTriage.Graph.Api;

/// <summary>A message as the listing asks for it: no content, only what decides whether it is new and how to read it.</summary>
internal sealed record GraphMessage
{
    [JsonPropertyName("id")]
    public string Id { get; init; } = "";

    /// <summary>Exchange's change key: a PATCH sent with it as If-Match cannot overwrite a change made since it was read.</summary>
    [JsonPropertyName("@odata.etag")]
    public string? ETag { get; init; }

    [JsonPropertyName("categories")]
    public List<string>? Categories { get; init; }

    [JsonPropertyName("hasAttachments")]
    public bool? HasAttachments { get; init; }

    [JsonPropertyName("isDraft")]
    public bool? IsDraft { get; init; }

    [JsonPropertyName("receivedDateTime")]
    public DateTimeOffset? Received { get; init; }

    [JsonPropertyName("parentFolderId")]
    public string? ParentFolderId { get; init; }

    [JsonPropertyName("singleValueExtendedProperties")]
    public List<GraphProperty>? Properties { get; init; }

    /// <summary>Set on a delta entry for a message that left the folder (deleted or moved out).</summary>
    [JsonPropertyName("@removed")]
    public JsonElement? Removed { get; init; }

    public bool IsRemoved => Removed is { ValueKind: JsonValueKind.Object };

    /// <summary>The triaged marker's value (the label the app applied), or null when the app never labelled it.</summary>
    public string? Marker => Properties?.FirstOrDefault(p => string.Equals(p.Id, GraphMarker.PropertyId, StringComparison.OrdinalIgnoreCase))?.Value;
}

/// <summary>A single-value extended property.</summary>
internal sealed record GraphProperty(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("value")] string? Value);
