using System.Text.Json.Serialization;

namespace EmailTriage.Evaluation;

/// <summary>What the pipeline answered for one message of the truth set.</summary>
/// <param name="Answer">The label given, or null when the message was left unlabelled (failed).</param>
/// <param name="Source">rule, llm, fallback or failed, as in the triage output.</param>
public sealed record EvalOutcome(string Id, string From, string Subject, string Truth, string? Answer, string Source, string Reason)
{
    [JsonIgnore]
    public IReadOnlyList<TimeSpan> LlmCallDurations { get; init; } = [];

    [JsonIgnore]
    public bool IsCorrect => Answer is not null && string.Equals(Answer, Truth, StringComparison.OrdinalIgnoreCase);
}
