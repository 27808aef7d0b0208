using System.Text.Json;

namespace EmailTriage.Graph.Api;

/// <summary>
/// One answer, alone or as a $batch part: its status, its JSON (or, for a message's <c>$value</c>, its bytes), the
/// Retry-After it asked for, and Graph's error code and message when it failed.
/// </summary>
internal sealed record GraphResponse(int Status, JsonElement? Json, byte[]? Bytes, TimeSpan? RetryAfter)
{
    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>Graph's error code (<c>ErrorItemNotFound</c>, <c>ApplicationThrottled</c>), when the answer carries one.</summary>
    public string? ErrorCode => Error("code");

    public string? ErrorMessage => Error("message");

    /// <summary>"HTTP 404 ErrorItemNotFound: The specified object was not found in the store." for messages to people.</summary>
    public string Describe() => ErrorCode is { } code ? $"HTTP {Status} {code}: {ErrorMessage}" : $"HTTP {Status}";

    public T Read<T>(System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        Json is { } json ? json.Deserialize(type) ?? throw new JsonException($"Graph answered null for a {typeof(T).Name}.") : throw new JsonException($"Graph answered HTTP {Status} without a JSON body.");

    /// <summary>Throws a <see cref="GraphException"/> unless the answer is a success.</summary>
    public GraphResponse EnsureSuccess(string what) => IsSuccess ? this : throw new GraphException(what, this);

    private string? Error(string property) =>
        Json is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
            && error.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
