using System.Text.Json.Serialization;
using EmailTriage.Triage;

namespace EmailTriage.Evaluation;

/// <summary>What the pipeline answered for one message of the truth set.</summary>
/// <param name="Answer">The label given, or null when the message was left unlabelled (failed).</param>
/// <param name="Source">rule, learned, llm, fallback, failed or deferred, as in the triage output.</param>
public sealed record EvalOutcome(string Id, string From, string Subject, string Truth, string? Answer, string Source, string Reason)
{
    /// <summary>The learned model's best label for this message, whether or not it decided; null when no model was asked (a rule decided, or no model).</summary>
    [JsonPropertyName("guess")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Guess { get; init; }

    /// <summary>A label was given (by a rule, the model, the LLM or the fallback); deferred and failed messages have none.</summary>
    [JsonIgnore]
    public bool Decided => Answer is not null;

    [JsonIgnore]
    public IReadOnlyList<TimeSpan> LlmCallDurations { get; init; } = [];

    [JsonIgnore]
    public bool IsCorrect => Answer is not null && string.Equals(Answer, Truth, StringComparison.OrdinalIgnoreCase);

    /// <summary>True when an LLM was asked for this message (answered or not).</summary>
    [JsonIgnore]
    public bool AskedLlm => LlmCallDurations.Count > 0 || string.Equals(Source, Classification.DecisionSourceNames.Llm, StringComparison.Ordinal);

    public static EvalOutcome Of(MessageOutcome outcome, string truth, string? guess = null)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return new EvalOutcome(outcome.Id, outcome.From, outcome.Subject, truth, outcome.Label, MessageResult.Of(outcome).Source, outcome.Reason)
        {
            LlmCallDurations = outcome.Decision?.LlmCallDurations ?? [],
            Guess = guess,
        };
    }
}
