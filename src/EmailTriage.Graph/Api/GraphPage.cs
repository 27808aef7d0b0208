using System.Text.Json.Serialization;

namespace EmailTriage.Graph.Api;

/// <summary>One page of a collection: its items, and the link to the next page or (a delta's last page) to the next round.</summary>
internal sealed record GraphPage<T>
{
    [JsonPropertyName("value")]
    public List<T> Value { get; init; } = [];

    [JsonPropertyName("@odata.nextLink")]
    public string? NextLink { get; init; }

    [JsonPropertyName("@odata.deltaLink")]
    public string? DeltaLink { get; init; }
}

/// <summary>A mail folder.</summary>
internal sealed record GraphFolder
{
    [JsonPropertyName("id")]
    public string Id { get; init; } = "";

    [JsonPropertyName("displayName")]
    public string? DisplayName { get; init; }

    [JsonPropertyName("totalItemCount")]
    public int? TotalItemCount { get; init; }
}

/// <summary>A category of the user's master category list.</summary>
internal sealed record GraphCategory
{
    [JsonPropertyName("displayName")]
    public string? DisplayName { get; init; }
}
