namespace EmailTriage.Testing;

/// <summary>A chat completion request as <see cref="FakeLlmServer"/> received it.</summary>
/// <param name="SchemaLabels">The enum of <c>properties.label</c> in the json_schema response_format, when present.</param>
public sealed record FakeLlmRequest(
    string Model,
    IReadOnlyList<FakeLlmChatMessage> Messages,
    string RawBody,
    string? Authorization,
    bool HasJsonSchema,
    IReadOnlyList<string>? SchemaLabels,
    double? Temperature,
    int? MaxCompletionTokens,
    int? MaxTokens)
{
    /// <summary>Content of the first system message, or an empty string.</summary>
    public string System => Messages.FirstOrDefault(m => m.Role == "system")?.Content ?? "";

    /// <summary>Content of the last user message, or an empty string.</summary>
    public string User => Messages.LastOrDefault(m => m.Role == "user")?.Content ?? "";
}
