namespace EmailTriage.Evaluation;

/// <summary>
/// The figures of one evaluation. Rates are shares from 0 to 1 of all messages evaluated; a figure that cannot
/// be computed (no messages, no LLM calls, no price) is null.
/// </summary>
public sealed record EvalScores
{
    public int Messages { get; init; }

    /// <summary>Messages given a label (by a rule, the learned model, the LLM or the fallback); deferred and failed ones were not.</summary>
    public int Decided { get; init; }

    public int Correct { get; init; }

    /// <summary>Right among the messages given a label: how far a label the app gives can be trusted.</summary>
    public double? AccuracyWhereDecided { get; init; }

    /// <summary>The share of messages given a label.</summary>
    public double? Coverage { get; init; }

    /// <summary>Right among all messages: a message left without a label (deferred, failed) counts as not right, though it is not wrong.</summary>
    public double? AccuracyOverAll { get; init; }

    /// <summary>Messages the learned model was asked about (every one no rule decided), and how many its best label got right, whether or not it decided alone.</summary>
    public int Guessed { get; init; }

    public int GuessedRight { get; init; }

    /// <summary>The learned model's accuracy deciding everything it was asked about; null when no model took part.</summary>
    public double? LearnedAccuracyDecidingAll { get; init; }

    /// <summary>
    /// Mean F1 of the labels that have truth messages. A label with no truth is left out: its wrong answers
    /// already lower the recall of the labels those messages belong to.
    /// </summary>
    public double? MacroF1 { get; init; }

    /// <summary>Labels with truth or answers, in the order of the label file.</summary>
    public IReadOnlyList<LabelScore> Labels { get; init; } = [];

    public required ConfusionMatrix Confusion { get; init; }

    /// <summary>Per source (rule, learned, llm, fallback, failed, deferred): messages decided and how many were right.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyDictionary<string, SourceScore> Sources { get; init; } = new Dictionary<string, SourceScore>();

    /// <summary>The share of messages an LLM was asked about; the rest cost nothing.</summary>
    public double? LlmShare { get; init; }

    /// <summary>Messages no source decided: waiting for an LLM that is not configured (the learned model was not sure enough).</summary>
    public int Undecided { get; init; }

    public int DecidedByRules { get; init; }

    public double? RuleShare { get; init; }

    /// <summary>Messages that got the fallback label because no answer named a label (or the message could not be read).</summary>
    public int Fallbacks { get; init; }

    public double? FallbackRate { get; init; }

    /// <summary>Messages left unlabelled: the LLM failed for them.</summary>
    public int Failures { get; init; }

    public double? FailureRate { get; init; }

    public int LlmCalls { get; init; }

    public double? LlmCallsPerMessage { get; init; }

    public long PromptTokens { get; init; }

    public long CompletionTokens { get; init; }

    /// <summary>Calls whose server sent no usage: their tokens (and the cost) are our estimate.</summary>
    public int EstimatedTokenCalls { get; init; }

    public double? PromptTokensPerMessage { get; init; }

    public double? CompletionTokensPerMessage { get; init; }

    /// <summary>Median time of one LLM call, nearest rank.</summary>
    public double? LatencyP50Ms { get; init; }

    public double? LatencyP95Ms { get; init; }

    /// <summary>Dollars per 1,000 messages like these at LLM_PRICE_PER_MTOK; rule-decided mail costs nothing.</summary>
    public double? CostPer1000Messages { get; init; }
}
