using System.Text.Json.Serialization;
using EmailTriage.Classification;
using EmailTriage.Mail;

namespace EmailTriage.Triage;

/// <summary>
/// The one outcome of one message in a run, as the CLI's <c>--json</c> and the HTTP answers print it: decided (a label,
/// applied or not), failed with a reason, or deferred (waiting for an LLM). Summaries are counted from these alone.
/// </summary>
public sealed record MessageResult(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("from")] string From,
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("label")] string? Label,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("applied")] bool Applied,
    [property: JsonPropertyName("reason")] string Reason)
{
    /// <summary>The LLM server whose answer decided (<c>model@host:port</c>); absent when no LLM answered.</summary>
    [JsonPropertyName("provider")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Provider { get; init; }

    /// <summary>The listed mailbox the message is in, when a run covers several (<c>triage --all --json</c>); absent otherwise.</summary>
    [JsonPropertyName("mailbox")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Mailbox { get; init; }

    /// <summary>How long each LLM call for this message took; for measuring (eval), not part of the JSON line.</summary>
    [JsonIgnore]
    public IReadOnlyList<TimeSpan> LlmCallDurations { get; init; } = [];

    /// <summary>What the LLM calls for this message cost; not part of the JSON line.</summary>
    [JsonIgnore]
    public LlmUsage Usage { get; init; }

    /// <summary>False for a message the listing could not hand over: it never reached the classifier.</summary>
    [JsonIgnore]
    public bool Fetched { get; init; } = true;

    public static MessageResult Of(MailMessage message, Decision decision, bool applied) =>
        new(message.Id, message.From, message.Subject, decision.Label, decision.Source.Name(), applied, decision.Reason)
        {
            LlmCallDurations = decision.LlmCallDurations,
            Usage = decision.Usage,
            Provider = decision.Provider,
        };

    public static MessageResult NotFetched(MessageFailure failure) =>
        new(failure.Id, string.Empty, string.Empty, null, DecisionSourceNames.Failed, Applied: false, failure.Reason) { Fetched = false };
}
