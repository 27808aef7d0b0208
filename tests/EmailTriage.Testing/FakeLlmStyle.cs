namespace EmailTriage.Testing;

/// <summary>How <see cref="FakeLlmServer"/> shapes the assistant message content.</summary>
public enum FakeLlmStyle
{
    /// <summary>Honours a json_schema response_format by answering <c>{"label":"…"}</c>, like OpenAI or llama.cpp.</summary>
    JsonSchema,

    /// <summary>Ignores response_format and returns the answer text verbatim, like mlx_lm.server.</summary>
    FreeText,
}
