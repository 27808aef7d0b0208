using EmailTriage.Classification;
using EmailTriage.Mail;

namespace EmailTriage.Triage;

/// <summary>
/// The one outcome of one message in a run, made once where it is final and carried as it is to every edge: the
/// summary counts it, <c>--json</c> and the HTTP answers print it (<see cref="MessageResult"/>), eval scores it.
/// </summary>
public sealed record MessageOutcome(string Id, OutcomeStatus Status, string Reason)
{
    public string From { get; init; } = string.Empty;

    public string Subject { get; init; } = string.Empty;

    public DateTimeOffset? Date { get; init; }

    /// <summary>What the classifier chain decided; null for a message that never reached it (not fetched, skipped).</summary>
    public Decision? Decision { get; init; }

    /// <summary>The label decided (applied or not), or null.</summary>
    public string? Label => Decision?.Label;

    /// <summary>Who decided; null for a message that never reached the chain.</summary>
    public DecisionSource? Source => Decision?.Source;

    public bool Applied => Status == OutcomeStatus.Labelled;

    public LlmUsage Usage => Decision?.Usage ?? default;

    /// <summary>A decision that changes nothing (no label, or not applied as asked): deferred, failed, or decided in a dry run.</summary>
    public static MessageOutcome Unwritten(MailMessage message, Decision decision, bool dryRun)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var status = decision.Label is not null ? (dryRun ? OutcomeStatus.Decided : throw new ArgumentException("A label decided in a real run is written, not left unwritten.", nameof(decision)))
            : decision.Source == DecisionSource.Deferred ? OutcomeStatus.Deferred
            : OutcomeStatus.Failed;
        return Of(message, decision, status, decision.Reason);
    }

    /// <summary>A decided label the mailbox was asked to apply: labelled, or failed with why it could not be written when that is known.</summary>
    public static MessageOutcome Written(MailMessage message, Decision decision, bool applied, string? error = null)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return applied
            ? Of(message, decision, OutcomeStatus.Labelled, decision.Reason)
            : Of(message, decision, OutcomeStatus.Failed, $"{decision.Reason}; applying the label failed{(error is null ? string.Empty : $": {error}")}; left for the next run");
    }

    /// <summary>A message the listing found but could not hand over (failed), or left aside as no message at all (skipped).</summary>
    public static MessageOutcome Listed(MessageFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return new(failure.Id, failure.Skipped ? OutcomeStatus.Skipped : OutcomeStatus.Failed, failure.Reason);
    }

    private static MessageOutcome Of(MailMessage message, Decision decision, OutcomeStatus status, string reason)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new(message.Id, status, reason) { From = message.From, Subject = message.Subject, Date = message.Date, Decision = decision };
    }
}
