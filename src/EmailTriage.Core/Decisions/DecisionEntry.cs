using System.Text.Json.Serialization;
using EmailTriage.Classification;
using EmailTriage.Mail;
using EmailTriage.Triage;

namespace EmailTriage.Decisions;

/// <summary>
/// One line of a mailbox's decision log: a message's decision and its why (never a body, a prompt or a secret), a label
/// the user changed from the review page, an undone label, or a run's sum. Lines are only added, never rewritten.
/// </summary>
public sealed record DecisionEntry
{
    [JsonPropertyName("kind")]
    public required DecisionEntryKind Kind { get; init; }

    [JsonPropertyName("at")]
    public required DateTimeOffset At { get; init; }

    /// <summary>The run the line belongs to (a run's own id; a change made from the page has one of its own).</summary>
    [JsonPropertyName("run")]
    public required string Run { get; init; }

    /// <summary>The message's id in its mailbox; empty on a run's line.</summary>
    [JsonPropertyName("id")]
    public string Id { get; init; } = string.Empty;

    [JsonPropertyName("date")]
    public DateTimeOffset? Date { get; init; }

    [JsonPropertyName("from")]
    public string From { get; init; } = string.Empty;

    [JsonPropertyName("subject")]
    public string Subject { get; init; } = string.Empty;

    /// <summary>The label decided, given or taken back; null when none was.</summary>
    [JsonPropertyName("label")]
    public string? Label { get; init; }

    /// <summary>The label the message had before a change from the page, or before an undo.</summary>
    [JsonPropertyName("previous")]
    public string? Previous { get; init; }

    [JsonPropertyName("source")]
    public DecisionSource? Source { get; init; }

    [JsonPropertyName("status")]
    public OutcomeStatus? Status { get; init; }

    [JsonPropertyName("reason")]
    public string Reason { get; init; } = string.Empty;

    [JsonPropertyName("rule")]
    public string? Rule { get; init; }

    [JsonPropertyName("confidence")]
    public double? Confidence { get; init; }

    [JsonPropertyName("gate")]
    public double? Gate { get; init; }

    [JsonPropertyName("likely")]
    public IReadOnlyList<string> Likely { get; init; } = [];

    [JsonPropertyName("server")]
    public string? Server { get; init; }

    [JsonPropertyName("model")]
    public string? Model { get; init; }

    [JsonPropertyName("answer")]
    public string? Answer { get; init; }

    [JsonPropertyName("calls")]
    public int Calls { get; init; }

    [JsonPropertyName("promptTokens")]
    public long PromptTokens { get; init; }

    [JsonPropertyName("completionTokens")]
    public long CompletionTokens { get; init; }

    /// <summary>A run's line: its sum, as the run summary counts it.</summary>
    [JsonPropertyName("summary")]
    public RunSum? Summary { get; init; }

    /// <summary>Was the label in the mailbox when the line was written.</summary>
    [JsonIgnore]
    public bool Applied => Status == OutcomeStatus.Labelled;

    /// <summary>A decision made and paid for, written before its label is applied so a run killed in between does not pay again.</summary>
    public static DecisionEntry Decided(string run, DateTimeOffset at, MailMessage message, Decision decision) =>
        Of(DecisionEntryKind.Decided, run, at, message.Id, message.From, message.Subject, message.Date, decision, OutcomeStatus.Decided, decision.Reason);

    /// <summary>How a message of a run ended: labelled, failed, deferred or skipped, with the decision behind it.</summary>
    public static DecisionEntry Final(string run, DateTimeOffset at, MessageOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return Of(DecisionEntryKind.Outcome, run, at, outcome.Id, outcome.From, outcome.Subject, outcome.Date, outcome.Decision, outcome.Status, outcome.Reason);
    }

    /// <summary>The decision a later run applies in place of asking again: the same label, source and why.</summary>
    public Decision ToDecision() => new(Label, Source ?? DecisionSource.Failed, $"{Reason} (decided by run {Run}, which stopped before applying it)")
    {
        Rule = Rule,
        Confidence = Confidence,
        Gate = Gate,
        Likely = Likely,
        Provider = Server,
        Model = Model,
        Answer = Answer,
    };

    private static DecisionEntry Of(
        DecisionEntryKind kind, string run, DateTimeOffset at, string id, string from, string subject, DateTimeOffset? date, Decision? decision, OutcomeStatus status, string reason) => new()
    {
        Kind = kind,
        At = at,
        Run = run,
        Id = id,
        From = from,
        Subject = subject,
        Date = date,
        Label = decision?.Label,
        Source = decision?.Source,
        Status = status,
        Reason = reason,
        Rule = decision?.Rule,
        Confidence = decision?.Confidence is { } c && double.IsFinite(c) ? c : null,
        Gate = decision?.Gate is { } g && double.IsFinite(g) ? g : null,
        Likely = decision?.Likely ?? [],
        Server = decision?.Provider,
        Model = decision?.Model,
        Answer = decision?.Answer,
        Calls = decision?.Usage.Calls ?? 0,
        PromptTokens = decision?.Usage.PromptTokens ?? 0,
        CompletionTokens = decision?.Usage.CompletionTokens ?? 0,
    };
}

/// <summary>What a line of the decision log is about.</summary>
public enum DecisionEntryKind
{
    /// <summary>A label decided and paid for, not yet applied.</summary>
    Decided,

    /// <summary>How a message of a run ended.</summary>
    Outcome,

    /// <summary>The person gave the message another label from the page (a correction or a review).</summary>
    Changed,

    /// <summary>A label of an undone run was taken back.</summary>
    Undone,

    /// <summary>A run's sum, written when it ends.</summary>
    Run,
}

/// <summary>A run's counts, as the summary has them: by source, applied, failed, deferred, skipped, not started, and its cost.</summary>
public sealed record RunSum(
    [property: JsonPropertyName("started")] DateTimeOffset Started,
    [property: JsonPropertyName("candidates")] int Candidates,
    [property: JsonPropertyName("applied")] int Applied,
    [property: JsonPropertyName("failed")] int Failed,
    [property: JsonPropertyName("deferred")] int Deferred,
    [property: JsonPropertyName("skipped")] int Skipped,
    [property: JsonPropertyName("notStarted")] int NotStarted,
    [property: JsonPropertyName("perSource")] IReadOnlyDictionary<string, int> PerSource,
    [property: JsonPropertyName("calls")] int Calls,
    [property: JsonPropertyName("promptTokens")] long PromptTokens,
    [property: JsonPropertyName("completionTokens")] long CompletionTokens,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("stoppedBecause")] string? StoppedBecause)
{
    public static RunSum Of(TriageSummary summary, DateTimeOffset started)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return new RunSum(
            started,
            summary.Candidates,
            summary.Applied,
            summary.FailureCount,
            summary.LeftForLlm,
            summary.SkippedCount,
            summary.NotStarted,
            summary.PerSource.ToDictionary(p => p.Key.Name(), p => p.Value, StringComparer.Ordinal),
            summary.Usage.Calls,
            summary.Usage.PromptTokens,
            summary.Usage.CompletionTokens,
            Math.Round(summary.Elapsed.TotalSeconds, 3),
            summary.StoppedBecause);
    }
}
