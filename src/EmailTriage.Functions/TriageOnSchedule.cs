using EmailTriage.Errors;
using EmailTriage.Mailboxes;
using EmailTriage.Triage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmailTriage.Functions;

/// <summary>
/// Triages new mail on the TRIAGE_SCHEDULE timer (six-field NCRONTAB, UTC; timer functions run as a singleton). With a
/// mailbox list and EMAILTRIAGE_STORAGE it only puts one message per mailbox on the queue (<see cref="TriageQueuedMailbox"/>
/// triages each, on as many instances as the queue scales to); without a list it triages the one mailbox of the flat settings.
/// </summary>
internal sealed partial class TriageOnSchedule(
    TriageRunner runner,
    FunctionsMailbox mailboxes,
    MailboxCatalog catalog,
    ManyMailboxesRunner many,
    IOptions<FunctionsOptions> options,
    TimeProvider time,
    ILogger<TriageOnSchedule> logger,
    IMailboxFanOut? fanOut = null)
{
    [Function(nameof(TriageOnSchedule))]
    public Task RunAsync([TimerTrigger("%TRIAGE_SCHEDULE%")] TimerInfo timer, CancellationToken cancellationToken) =>
        TickAsync(cancellationToken);

    /// <summary>One tick as the timer runs it.</summary>
    public async Task TickAsync(CancellationToken cancellationToken)
    {
        if (catalog.Load() is not { } list)
        {
            await RunOnceAsync(cancellationToken);
        }
        else if (fanOut is not null)
        {
            await fanOut.EnqueueAsync(list.Mailboxes, cancellationToken);
        }
        else
        {
            // A list without storage (func start on a Mac): every mailbox here, sharing this process's LLM budget.
            foreach (var outcome in await many.RunAsync(list.Mailboxes, _ => Request(), cancellationToken))
            {
                LogMailbox(logger, outcome.Name, outcome.Summary?.Applied ?? 0, outcome.Error?.Message ?? outcome.Summary?.StoppedBecause ?? "-");
            }
        }
    }

    /// <summary>One tick over the flat settings' one mailbox, returning the summary for whoever asks (tests).</summary>
    public async Task<TriageSummary> RunOnceAsync(CancellationToken cancellationToken)
    {
        TriageSummary summary;
        try
        {
            var mailbox = await catalog.OpenAsync(mailboxes.Definition(), cancellationToken);
            summary = await runner.RunAsync(mailbox, Request(), cancellationToken);
        }
        catch (Exception ex) when (FailureKinds.Of(ex) is not null)
        {
            // Nothing was changed; the next tick tries again. The message says what to fix.
            LogStopped(logger, ex.Message);
            throw;
        }

        LogSummary(logger, summary.Candidates, summary.Applied, summary.FailureCount, summary.NotStarted, summary.Usage.Calls, summary.Elapsed.TotalSeconds);
        if (summary.StoppedBecause is { } reason)
        {
            LogStopped(logger, reason);
        }

        return summary;
    }

    private TriageRequest Request() => new() { StopTakingNewAt = time.GetUtcNow().AddSeconds(options.Value.RunBudgetSeconds) };

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled triage: {Candidates} new, {Applied} labelled, {Failed} failed, {NotStarted} left for the next tick, {Calls} LLM calls in {Seconds:0.0} s")]
    private static partial void LogSummary(ILogger logger, int candidates, int applied, int failed, int notStarted, int calls, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduled triage stopped early: {Reason}")]
    private static partial void LogStopped(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled triage of mailbox {Mailbox}: {Applied} labelled; stopped because: {Reason}")]
    private static partial void LogMailbox(ILogger logger, string mailbox, int applied, string reason);
}
