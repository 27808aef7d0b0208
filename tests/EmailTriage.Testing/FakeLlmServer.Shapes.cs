namespace EmailTriage.Testing;

/// <summary>Knobs that make answers look like a particular real server's, or oddly shaped.</summary>
public sealed partial class FakeLlmServer
{
    /// <summary>Set <see cref="FinishReasonOverride"/> to this to send <c>"finish_reason": null</c> (Ollama does when its done reason is empty).</summary>
    public const string NullFinishReason = "\0null";

    /// <summary>Set <see cref="FinishReasonOverride"/> to this to leave <c>finish_reason</c> out of the choice.</summary>
    public const string OmitFinishReason = "\0omit";

    /// <summary>Which real server to answer like; <see cref="FakeLlmShape.Generic"/> (the default) is the fake's historical behaviour.</summary>
    public FakeLlmShape Shape { get; set; }

    /// <summary>
    /// With <see cref="FakeLlmShape.OpenAi"/>: the model is a reasoning model (o1, o3, o4-mini, gpt-5), which rejects
    /// <c>max_tokens</c> and any temperature but 1 with OpenAI's 400 bodies; a model that is not (the default)
    /// rejects <c>reasoning_effort</c> as an unrecognized argument. Other shapes ignore it.
    /// </summary>
    public bool ReasoningModel { get; set; }

    /// <summary>The model thinks before it answers (null: it does not); where the reasoning goes depends on <see cref="Shape"/>.</summary>
    public FakeLlmThinking? Thinking { get; set; }

    /// <summary>Sent instead of the computed finish_reason; see <see cref="NullFinishReason"/> and <see cref="OmitFinishReason"/>.</summary>
    public string? FinishReasonOverride { get; set; }

    /// <summary>Leave <c>usage</c> out of chat completions.</summary>
    public bool OmitUsage { get; set; }

    /// <summary>Send <c>message.content</c> as a list of <c>{"type":"text","text":…}</c> parts instead of a string.</summary>
    public bool ContentAsParts { get; set; }

    /// <summary>Add fields clients do not know (<c>system_fingerprint</c>, <c>x_groq</c>, per-choice <c>logprobs</c> and <c>stop_reason</c>, <c>refusal</c>).</summary>
    public bool ExtraFields { get; set; }

    /// <summary>finish_reason values <paramref name="shape"/>'s real server can send in a non-streamed answer (null: JSON null), for tests that try each.</summary>
    public static IReadOnlyList<string?> FinishReasonsOf(FakeLlmShape shape) => ShapeRules.FinishReasons(shape);

    private ChatAnswerOptions AnswerOptions() =>
        new(Shape, Thinking, FinishReasonOverride, OmitUsage, ContentAsParts, ExtraFields);
}
