using System.Text.Json.Serialization;
using EmailTriage.Classification;

namespace EmailTriage.Triage;

/// <summary>
/// A <see cref="MessageOutcome"/> as the CLI's <c>--json</c> and the HTTP answers print it: decided (a label, applied
/// or not), failed with a reason, deferred (waiting for an LLM), or skipped (not a message).
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

    /// <summary>The <c>source</c> of a message that never reached the classifier chain and is left aside, not failed.</summary>
    public const string SkippedSource = "skipped";

    /// <summary>The one outcome as a JSON line: <c>source</c> is who decided (or <c>failed</c>, <c>skipped</c> for a message that was not decided).</summary>
    public static MessageResult Of(MessageOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var source = outcome.Source?.Name() ?? (outcome.Status == OutcomeStatus.Skipped ? SkippedSource : DecisionSourceNames.Failed);
        return new(outcome.Id, outcome.From, outcome.Subject, outcome.Label, source, outcome.Applied, outcome.Reason) { Provider = outcome.Decision?.Provider };
    }
}
