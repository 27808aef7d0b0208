using EmailTriage.Errors;
using EmailTriage.Triage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmailTriage.Functions;

/// <summary>Triages new mail on the TRIAGE_SCHEDULE timer (six-field NCRONTAB, UTC; timer functions run as a singleton).</summary>
public sealed partial class TriageOnSchedule(
    TriageRunner runner,
    FunctionsMailbox mailboxes,
    IOptions<FunctionsOptions> options,
    TimeProvider time,
    ILogger<TriageOnSchedule> logger)
{
    [Function(nameof(TriageOnSchedule))]
    public Task RunAsync([TimerTrigger("%TRIAGE_SCHEDULE%")] TimerInfo timer, CancellationToken cancellationToken) =>
        RunOnceAsync(cancellationToken);

    /// <summary>One tick: what the timer runs, returning the summary for whoever asks (tests).</summary>
    public async Task<TriageSummary> RunOnceAsync(CancellationToken cancellationToken)
    {
        var request = new TriageRequest { StopTakingNewAt = time.GetUtcNow().AddSeconds(options.Value.RunBudgetSeconds) };
        TriageSummary summary;
        try
        {
            var mailbox = await mailboxes.CreateAsync(cancellationToken);
            summary = await runner.RunAsync(mailbox, request, cancellationToken);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled triage: {Candidates} new, {Applied} labelled, {Failed} failed, {NotStarted} left for the next tick, {Calls} LLM calls in {Seconds:0.0} s")]
    private static partial void LogSummary(ILogger logger, int candidates, int applied, int failed, int notStarted, int calls, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduled triage stopped early: {Reason}")]
    private static partial void LogStopped(ILogger logger, string reason);
}
