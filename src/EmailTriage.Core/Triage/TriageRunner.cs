using System.Diagnostics;
using EmailTriage.Classification;
using EmailTriage.Configuration;
using EmailTriage.Labels;
using EmailTriage.Mail;
using EmailTriage.Mailboxes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmailTriage.Triage;

/// <summary>
/// One triage run: list new mail, read and classify each message with at most LLM_MAX_CONCURRENCY in flight,
/// apply labels in groups, and sum it up. A failing LLM stops the run early and leaves the rest untouched.
/// </summary>
public sealed partial class TriageRunner(
    LabelConfigLoader labelLoader,
    ClassifierFactory classifiers,
    IOptions<LlmOptions> llmOptions,
    TimeProvider time,
    ILogger<TriageRunner> logger)
{
    // After this many LLM failures in a row the server is not coming back this run.
    private const int MaxConsecutiveFailures = 3;
    private const int GroupSize = 500;

    public async Task<TriageSummary> RunAsync(IMailbox mailbox, TriageRequest request, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var labels = labelLoader.Load();
        var classifier = classifiers.Create(labels);
        var reader = new MailReader(llmOptions.Value.MaxBodyChars);

        // A dry run changes nothing, so it may run beside another run.
        using var exclusive = request.DryRun ? null : MailboxRunLock.Acquire(mailbox);
        await mailbox.PrepareAsync(labels, request.DryRun, cancellationToken);

        var tally = new TriageTally();
        using var batcher = new LabelBatcher(mailbox, labels, request, tally, GroupSize);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var listing = new Listing(mailbox, request.Max);
        var run = new RunState(listing, request.Progress);
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = classifier.HasLlm ? llmOptions.Value.EffectiveConcurrency : Environment.ProcessorCount,
            CancellationToken = stop.Token,
        };

        LogStarting(logger, mailbox.Description, request.DryRun);
        try
        {
            // Streamed, not collected first: a mailbox that fetches content ahead (Gmail, in batches) holds only
            // what is in flight, so memory stays flat however big the backlog.
            await Parallel.ForEachAsync(listing.ReadAsync(stop.Token), parallel, async (item, token) =>
            {
                // The loop's own token lags behind stop: a worker whose CancelAsync found stop already cancelled returns at
                // once and would take the next message before the loop sees it, sending more requests to a failing server.
                if (stop.IsCancellationRequested)
                {
                    return;
                }

                if (request.StopTakingNewAt is { } deadline && time.GetUtcNow() >= deadline)
                {
                    // Out of time: take nothing more (and fetch nothing more); the rest waits for the next run.
                    await stop.CancelAsync();
                    return;
                }

                run.Started();
                (MailMessage Message, Decision? Decision) outcome;
                try
                {
                    outcome = await ClassifyAsync(item, reader, classifier, tally, run, stop, token);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    // Stopped while this message was in flight: it was not decided, so it counts as not started.
                    run.Unstarted();
                    throw;
                }

                if (outcome.Decision is not { } decision)
                {
                    return;
                }

                tally.Decided(decision);
                LogDecided(logger, item.Id, decision.Label ?? "-", decision.Source);

                // Not the loop's token: a decision that is made gets applied even when the run is being stopped.
                await batcher.AddAsync(outcome.Message, decision, CancellationToken.None);
                run.Done();
            });
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The LLM or the time budget stopped the run; what was decided is still applied below.
        }
        finally
        {
            // Decisions already made are right and paid for: apply them even when the run was stopped or cancelled
            // (Ctrl+C, host shutdown); a caller's cancellation then goes on.
            await batcher.FlushAsync(CancellationToken.None);
        }

        foreach (var failure in mailbox.ListingFailures)
        {
            tally.Failed(failure.Id, failure.Reason);
            request.OnResult?.Invoke(new MessageResult(failure.Id, string.Empty, string.Empty, null, DecisionSourceNames.Failed, Applied: false, failure.Reason));
        }

        var candidates = listing.Total;
        var notStarted = Math.Max(0, candidates - run.StartedCount - mailbox.ListingFailures.Count);
        var summary = tally.ToSummary(mailbox.Description, request.DryRun, candidates, notStarted, time.GetElapsedTime(started), run.StopReason);
        LogFinished(logger, summary.Candidates, summary.Classified, summary.Applied, summary.FailureCount, summary.Elapsed.TotalSeconds, summary.Usage.Calls);
        return summary;
    }

    private async Task<(MailMessage Message, Decision? Decision)> ClassifyAsync(
        MailboxItem item, MailReader reader, MessageClassifier classifier, TriageTally tally, RunState run, CancellationTokenSource stop, CancellationToken token)
    {
        MailMessage message;
        try
        {
            await using var content = await item.OpenAsync(token);
            message = await reader.ReadAsync(item.Id, content, token);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or HttpRequestException or InvalidOperationException)
        {
            LogReadFailed(logger, item.Id, ex.Message);
            return (new MailMessage { Id = item.Id }, Decision.Failed($"could not read the message: {ex.Message}"));
        }

        try
        {
            var decision = await classifier.ClassifyAsync(message, token);
            if (decision.Source == DecisionSource.Llm)
            {
                run.Succeeded();
            }

            return (message, decision);
        }
        catch (LlmException ex)
        {
            // Failed calls were sent and may have been billed: count them.
            tally.Spent(ex.Usage);
            if (ex.StopsRun || run.FailedAgain() >= MaxConsecutiveFailures)
            {
                if (run.Stop(ex))
                {
                    LogStopping(logger, ex.Failure, ex.Message);
                }

                await stop.CancelAsync();
                run.Unstarted();
                return (message, null);
            }

            LogLlmFailed(logger, item.Id, ex.Message);
            return (message, Decision.Failed(ex.Message));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Triage of {Mailbox} starting (dry run: {DryRun})")]
    private static partial void LogStarting(ILogger logger, string mailbox, bool dryRun);

    [LoggerMessage(Level = LogLevel.Information, Message = "Message {MessageId}: {Label} ({Source})")]
    private static partial void LogDecided(ILogger logger, string messageId, string label, DecisionSource source);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} could not be read and is left for the next run: {Error}")]
    private static partial void LogReadFailed(ILogger logger, string messageId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} left for the next run: {Error}")]
    private static partial void LogLlmFailed(ILogger logger, string messageId, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stopping the run ({Failure}): {Error}")]
    private static partial void LogStopping(ILogger logger, LlmFailure failure, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Triage finished: {Candidates} new, {Classified} classified, {Applied} labelled, {Failed} failed in {Seconds:0.0} s with {Calls} LLM calls")]
    private static partial void LogFinished(ILogger logger, int candidates, int classified, int applied, int failed, double seconds, int calls);
}
