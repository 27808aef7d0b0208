using EmailTriage.Errors;
using EmailTriage.Mailboxes;
using EmailTriage.Triage;
using Microsoft.Extensions.Logging;

namespace EmailTriage.Watching;

/// <summary>
/// <c>watch</c>: the normal triage run (same runner, lock and crash-safety) each time the waiter says new mail may be there,
/// until cancelled. A server that cannot be reached, or an LLM that stopped a run, is tried again with a doubling back-off
/// (logged once per outage, reset after a run that worked); a bad setting ends the watch.
/// </summary>
public sealed partial class MailboxWatch(TriageRunner runner, TimeProvider time, ILogger<MailboxWatch> logger)
{
    public async Task RunAsync(IMailbox mailbox, IMailWaiter waiter, TriageRequest request, WatchTiming timing, Action<WatchEvent>? onEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        ArgumentNullException.ThrowIfNull(waiter);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(timing);
        var backoff = new ReconnectBackoff(timing.FirstRetry, timing.LongestRetry);
        var outageStarted = 0L;
        LogWatching(logger, mailbox.Description);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string? reason;
            try
            {
                await waiter.ReadyAsync(cancellationToken);
                var summary = await runner.RunAsync(mailbox, request, cancellationToken);
                onEvent?.Invoke(new WatchEvent.RunCompleted(summary));
                reason = FailureKinds.OfStop(summary) == FailureKind.ServiceUnavailable ? summary.StoppedBecause ?? "the LLM stopped the run" : null;
                if (reason is null)
                {
                    if (backoff.InOutage)
                    {
                        var outage = time.GetElapsedTime(outageStarted);
                        LogBack(logger, mailbox.Description, outage);
                        backoff.Reset();
                    }

                    // Started before it is reported, so whoever hears of it (a test moving a fake clock) finds the timer set.
                    var wait = waiter.WaitAsync(cancellationToken);
                    onEvent?.Invoke(new WatchEvent.Waiting());
                    await wait;
                    continue;
                }
            }
            catch (Exception ex) when (FailureKinds.Of(ex) == FailureKind.ServiceUnavailable && !cancellationToken.IsCancellationRequested)
            {
                reason = ex.Message;
            }

            var first = !backoff.InOutage;
            var delay = backoff.Next();
            if (first)
            {
                outageStarted = time.GetTimestamp();
                LogOutage(logger, mailbox.Description, reason, delay);
            }
            else
            {
                LogStillOut(logger, mailbox.Description, delay);
            }

            var pause = Task.Delay(delay, time, cancellationToken);
            onEvent?.Invoke(new WatchEvent.Retrying(reason, delay, first));
            await pause;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Watching {Mailbox} for new mail")]
    private static partial void LogWatching(ILogger logger, string mailbox);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watching {Mailbox} is interrupted: {Reason}. Trying again in {Delay}, then less and less often")]
    private static partial void LogOutage(ILogger logger, string mailbox, string reason, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Mailbox} still cannot be watched; trying again in {Delay}")]
    private static partial void LogStillOut(ILogger logger, string mailbox, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watching {Mailbox} again after {Outage}")]
    private static partial void LogBack(ILogger logger, string mailbox, TimeSpan outage);
}
