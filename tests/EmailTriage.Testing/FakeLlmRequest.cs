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
    private readonly IReadOnlyDictionary<string, string> _fields = new Dictionary<string, string>();

    /// <summary>Content of the first system message, or an empty string.</summary>
    public string System => Messages.FirstOrDefault(m => m.Role == "system")?.Content ?? "";

    /// <summary>Content of the last user message, or an empty string.</summary>
    public string User => Messages.LastOrDefault(m => m.Role == "user")?.Content ?? "";

    /// <summary>Names of the top-level fields of the body, in the order sent.</summary>
    public IReadOnlyList<string> TopLevelFields { get; init; } = [];

    /// <summary>Top-level fields that are not OpenAI chat completion parameters (OpenAI itself rejects them), whatever the shape.</summary>
    public IReadOnlyList<string> UnknownFields { get; init; } = [];

    /// <summary>
    /// The answer budget in tokens the server's <see cref="FakeLlmShape"/> read from this request
    /// (<c>max_tokens</c>, <c>max_completion_tokens</c> or <c>n_predict</c> by that server's precedence, or its default);
    /// null when unbounded. <see cref="FakeLlmShape.Generic"/> never cuts answers, so it is always null there.
    /// </summary>
    public int? BudgetRead { get; init; }

    /// <summary>The request carried the shape's documented switch for turning thinking off.</summary>
    public bool ThinkingSwitchedOff { get; init; }

    /// <summary>The 400 message the shape's own validation answered with (unknown field, reasoning-model parameter), if any.</summary>
    public string? Rejection { get; init; }

    /// <summary>Raw JSON text of top-level fields by name, as sent.</summary>
    internal IReadOnlyDictionary<string, string> Fields
    {
        get => _fields;
        init => _fields = value;
    }

    /// <summary>The raw JSON text of top-level field <paramref name="name"/> (e.g. <c>{"enable_thinking":false}</c>, <c>"none"</c>, <c>32</c>), or null when not sent.</summary>
    public string? Field(string name) => _fields.TryGetValue(name, out var raw) ? raw : null;
}
