using EmailTriage.Mailboxes;
using EmailTriage.Triage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmailTriage.Functions;

/// <summary>
/// Triages the one mailbox a queue message names (put there by <see cref="TriageOnSchedule"/>). A run that fails throws,
/// so the host makes the message visible again after host.json's visibilityTimeout and, after maxDequeueCount tries,
/// moves it to EMAILTRIAGE_QUEUE-poison with the reason in the log; other mailboxes' messages go on meanwhile.
/// </summary>
internal sealed partial class TriageQueuedMailbox(ManyMailboxesRunner many, MailboxCatalog catalog, IOptions<FunctionsOptions> options, TimeProvider time, ILogger<TriageQueuedMailbox> logger)
{
    /// <summary>The app setting (or, identity-based, its __queueServiceUri/__credential/__clientId children) naming the queue's account.</summary>
    public const string Connection = "EMAILTRIAGE_QUEUE_CONNECTION";

    [Function(nameof(TriageQueuedMailbox))]
    public Task RunAsync([QueueTrigger("%EMAILTRIAGE_QUEUE%", Connection = Connection)] string mailbox, CancellationToken cancellationToken) =>
        TriageAsync(mailbox, cancellationToken);

    public async Task<MailboxRunOutcome> TriageAsync(string mailbox, CancellationToken cancellationToken)
    {
        var definition = catalog.Require("A queued mailbox").Require(mailbox.Trim());
        var request = new TriageRequest { StopTakingNewAt = time.GetUtcNow().AddSeconds(options.Value.RunBudgetSeconds) };
        var outcome = await many.RunOneAsync(definition, _ => request, cancellationToken);
        if (outcome.Error is MailboxUnavailableException { HeldByAnotherRun: true } held)
        {
            // Not a failure: another writer (a CLI on a Mac, the previous tick still running) is triaging this mailbox now.
            // Retrying would meet the same holder and could poison a healthy mailbox; the next tick queues it again.
            LogHeld(logger, definition.Name, held.Message);
            return outcome;
        }

        if (outcome.Error is { } error)
        {
            throw new InvalidOperationException($"Mailbox {definition.Name} was not triaged: {error.Message}", error);
        }

        if (outcome.Failure is not null)
        {
            throw new InvalidOperationException($"Mailbox {definition.Name} stopped early: {outcome.Summary?.StoppedBecause}");
        }

        LogTriaged(logger, definition.Name, outcome.Summary!.Applied, outcome.Summary.NotStarted);
        return outcome;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mailbox {Mailbox} is being triaged by another run; this message is done: {Reason}")]
    private static partial void LogHeld(ILogger logger, string mailbox, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued triage of mailbox {Mailbox}: {Applied} labelled, {NotStarted} left for the next tick")]
    private static partial void LogTriaged(ILogger logger, string mailbox, int applied, int notStarted);
}
