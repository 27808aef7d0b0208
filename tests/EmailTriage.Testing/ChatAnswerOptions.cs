namespace EmailTriage.Testing;

/// <summary>The server knobs that shape one chat completion, read once per request.</summary>
internal sealed record ChatAnswerOptions(
    FakeLlmShape Shape,
    FakeLlmThinking? Thinking,
    string? FinishReasonOverride,
    bool OmitUsage,
    bool ContentAsParts,
    bool ExtraFields);
