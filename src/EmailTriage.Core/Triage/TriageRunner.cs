using EmailTriage.Classification;
using EmailTriage.Configuration;
using EmailTriage.Decisions;
using EmailTriage.Filing;
using EmailTriage.Labels;
using EmailTriage.Mail;
using EmailTriage.Mailboxes;
using EmailTriage.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmailTriage.Triage;

/// <summary>
/// One triage run: open the mailbox, list new mail, read and classify each message with as many in flight as the LLM
/// servers have slots (LLM_MAX_CONCURRENCY each; each server's own limit bounds its requests), write each decision to the mailbox soon after it is made, and sum up the outcomes. A failing LLM stops the run
/// early and leaves the rest untouched. Killed at any instant, a run loses at most the decisions not yet written.
/// </summary>
public sealed partial class TriageRunner(
    LabelConfigLoader labelLoader,
    ClassifierFactory classifiers,
    IOptions<LlmOptions> llmOptions,
    StateDirectory state,
    IStateStores stores,
    TimeProvider time,
    ILogger<TriageRunner> logger,
    IFilingModels? models = null,
    IMailboxLocks? locks = null,
    IOptions<DecisionLogOptions>? decisionLog = null)
{
    private readonly int _keepDays = decisionLog?.Value.KeepDays ?? DecisionLog.DefaultKeepDays;

    // After this many LLM failures in a row the server is not coming back this run.
    private const int MaxConsecutiveFailures = 3;

    public async Task<TriageSummary> RunAsync(IMailbox mailbox, TriageRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        ArgumentNullException.ThrowIfNull(request);
        var started = time.GetTimestamp();
        var labels = request.LabelFile is { } labelFile ? LabelConfigLoader.LoadFile(labelFile) : labelLoader.Load();

        // Asked once per run: the lock, the state store and the record all go by what the mailbox is.
        var identity = await mailbox.IdentifyAsync(cancellationToken);

        // A dry run changes nothing, so it may run beside another run; it leaves no run record either.
        await using var held = request.DryRun ? null : await (locks ?? new LocalMailboxLocks(state)).AcquireAsync(mailbox, identity, cancellationToken);
        var store = await stores.ForAsync(mailbox, identity, cancellationToken);
        if (held is null)
        {
            return await RunHeldAsync(mailbox, store, request, labels, held, started, cancellationToken);
        }

        var startedAt = time.GetUtcNow();
        TriageSummary summary;
        try
        {
            summary = await RunHeldAsync(mailbox, store, request, labels, held, started, cancellationToken);
        }
        catch (Exception ex)
        {
            if (held.LostBecause is null)
            {
                await RecordAsync(mailbox, store, RunRecord.Stopped(ex is OperationCanceledException ? "the run was cancelled" : ex.Message, startedAt, time.GetUtcNow(), Environment.MachineName));
            }

            throw;
        }

        // A run whose lock was lost leaves the record to the run that holds the mailbox now.
        if (held.LostBecause is null)
        {
            await RecordAsync(mailbox, store, RunRecord.Of(summary, startedAt, time.GetUtcNow(), Environment.MachineName));
        }

        return summary;
    }

    /// <summary>
    /// Written while the lock is still held, so the record is the last writer's. Its own short timeout, not the run's
    /// token: a cancelled run is worth recording too. A record that cannot be written costs the status page, not a label.
    /// </summary>
    private async Task RecordAsync(IMailbox mailbox, IStateStore store, RunRecord record)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await RunRecordItem.WriteAsync(store, record, timeout.Token);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogRecordFailed(logger, mailbox.Description, ex.Message);
        }
    }

    private async Task<TriageSummary> RunHeldAsync(IMailbox mailbox, IStateStore store, TriageRequest request, LabelConfig labels, IHeldLock? held, long started, CancellationToken cancellationToken)
    {
        await using var session = await mailbox.OpenAsync(new MailboxRun(labels, request.DryRun, store), cancellationToken);
        var learning = await RunLearning.OpenAsync(session, store, request, labels, models, logger, cancellationToken);

        // The learned model reads more of the body than the LLM is sent; the prompt cuts it to LLM_MAX_BODY_CHARS.
        var reader = new MailReader(learning is null ? llmOptions.Value.MaxBodyChars : Math.Max(llmOptions.Value.MaxBodyChars, models?.BodyChars ?? 0));
        if (learning is not null)
        {
            await learning.LearnFromUserAsync(reader, cancellationToken);
        }

        var classifier = classifiers.Create(labels, learning?.Model);

        // A dry run changes nothing, so it leaves no line in the decision log either.
        using var decisions = request.DryRun ? null : new DecisionLog(store, time, _keepDays);
        var runLog = decisions is null ? null : new RunLog(decisions, DecisionLog.NewRunId(time.GetUtcNow()), time, logger);
        var paidBefore = decisions is null ? new Dictionary<string, DecisionEntry>() : await PaidBeforeAsync(decisions, cancellationToken);

        var tally = new TriageTally(request.DryRun);
        var listing = new Listing(session, request.Max);
        var done = 0;
        void Record(MessageOutcome outcome)
        {
            tally.Add(outcome);
            runLog?.Add(outcome);
            request.OnResult?.Invoke(outcome);
            request.Progress?.Report(new TriageProgress(Interlocked.Increment(ref done), listing.Total));
        }

        // A lost lock stops the run like a failing LLM does, and no label is written after it: another run may be writing.
        await using var writer = new LabelWriter(session, labels, time, Record, () => held?.LostBecause, (message, decision) => learning?.Model.Applied(message, decision.Label!));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, held?.Lost ?? CancellationToken.None);
        var health = new LlmHealth();
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

                // Null: the run stopped while this message was in flight; it counts as not started.
                if (await DecideAsync(item, reader, classifier, paidBefore.GetValueOrDefault(item.Id), tally, health, token) is not var (message, decision))
                {
                    return;
                }

                LogDecided(logger, item.Id, decision.Label ?? "-", decision.Source);
                if (decision.Label is null || request.DryRun)
                {
                    Record(MessageOutcome.Unwritten(message, decision, request.DryRun));
                    return;
                }

                // Paid for: in the log before its label is applied, so a run killed in between does not pay again.
                if (runLog is not null && decision.Usage.Calls > 0)
                {
                    await runLog.DecidedAsync(message, decision);
                }

                // A decision that is made gets written even when the run is being stopped.
                await writer.AddAsync(message, decision);
                if (runLog is not null)
                {
                    await runLog.FlushIfDueAsync();
                }
            });
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The time budget or a lost lock stopped the run; what was decided is still written below.
        }
        finally
        {
            // Decisions already made are right and paid for: write them even when the run was stopped or cancelled
            // (Ctrl+C, SIGTERM, host shutdown); a caller's cancellation then goes on.
            await writer.FlushAsync();
            if (runLog is not null)
            {
                await runLog.FlushAsync();
            }
        }

        foreach (var failure in session.ListingFailures)
        {
            Record(MessageOutcome.Listed(failure));
        }

        // After the labels are written: a kill before this point loses what was learned this run, never a label.
        var lost = held?.LostBecause;
        LearningSummary? learned = null;
        if (learning is not null && lost is null)
        {
            // Saving the model is a write under the lock too: a lock lost meanwhile stops it (another run may save its own).
            using var saving = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, held?.Lost ?? CancellationToken.None);
            try
            {
                learned = await learning.FinishAsync(saving.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && held?.LostBecause is { } reason)
            {
                lost = reason;
            }
        }

        var summary = tally.ToSummary(mailbox.Description, listing.Total, time.GetElapsedTime(started), health.StopReason) with { Learning = learned };
        if (lost is not null)
        {
            summary = summary with { StoppedBecause = lost };
        }

        if (runLog is not null && decisions is not null)
        {
            await runLog.EndedAsync(summary, time.GetUtcNow() - summary.Elapsed);
            await PruneAsync(decisions);
        }

        LogFinished(logger, summary.Candidates, summary.Classified, summary.Applied, summary.FailureCount, summary.Elapsed.TotalSeconds, summary.Usage.Calls);
        return summary;
    }

    /// <summary>Decisions an earlier run paid for and was stopped before applying (from the last week of the log).</summary>
    private async Task<IReadOnlyDictionary<string, DecisionEntry>> PaidBeforeAsync(DecisionLog decisions, CancellationToken cancellationToken)
    {
        try
        {
            return await decisions.PendingAsync(TimeSpan.FromDays(7), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogJournalUnread(logger, decisions.Store.Description, ex.Message);
            return new Dictionary<string, DecisionEntry>();
        }
    }

    private async Task PruneAsync(DecisionLog decisions)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await decisions.PruneAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogJournalUnread(logger, decisions.Store.Description, ex.Message);
        }
    }

    private async Task<(MailMessage Message, Decision Decision)?> DecideAsync(
        MailboxItem item, MailReader reader, MessageClassifier classifier, DecisionEntry? paidBefore, TriageTally tally, LlmHealth health, CancellationToken token)
    {
        MailMessage message;
        try
        {
            message = await reader.ReadAsync(item, token);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or HttpRequestException or InvalidOperationException or MailboxUnavailableException)
        {
            LogReadFailed(logger, item.Id, ex.Message);
            return (new MailMessage { Id = item.Id }, Decision.Failed($"could not read the message: {ex.Message}"));
        }

        if (paidBefore is not null)
        {
            LogPaidBefore(logger, item.Id, paidBefore.Run);
            return (message, paidBefore.ToDecision());
        }

        try
        {
            // Once the LLM has stopped the run, what it would decide waits; the free decisions (rules, the learned
            // model when sure) are still made and applied.
            var decision = await classifier.ClassifyAsync(message, health.StopReason?.Message, token);
            if (decision.Source == DecisionSource.Llm)
            {
                health.Succeeded();
            }

            return (message, decision);
        }
        catch (LlmException ex)
        {
            // Failed calls were sent and may have been billed: count them.
            if (ex.StopsRun || health.FailedAgain() >= MaxConsecutiveFailures)
            {
                if (health.Stop(ex))
                {
                    LogStopping(logger, ex.Failure, ex.Message);
                }

                return (message, Decision.Deferred($"left for the next run: {ex.Message}") with { Usage = ex.Usage });
            }

            LogLlmFailed(logger, item.Id, ex.Message);
            return (message, Decision.Failed(ex.Message) with { Usage = ex.Usage });
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Message {MessageId}: applying the label run {Run} decided and paid for before it was stopped")]
    private static partial void LogPaidBefore(ILogger logger, string messageId, string run);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The decision log in {Store} could not be read or pruned; the run goes on: {Error}")]
    private static partial void LogJournalUnread(ILogger logger, string store, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The run record of {Mailbox} could not be written: {Error}")]
    private static partial void LogRecordFailed(ILogger logger, string mailbox, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Triage of {Mailbox} starting (dry run: {DryRun})")]
    private static partial void LogStarting(ILogger logger, string mailbox, bool dryRun);

    [LoggerMessage(Level = LogLevel.Information, Message = "Message {MessageId}: {Label} ({Source})")]
    private static partial void LogDecided(ILogger logger, string messageId, string label, SourceName source);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} could not be read and is left for the next run: {Error}")]
    private static partial void LogReadFailed(ILogger logger, string messageId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} left for the next run: {Error}")]
    private static partial void LogLlmFailed(ILogger logger, string messageId, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stopping the run ({Failure}): {Error}")]
    private static partial void LogStopping(ILogger logger, LlmFailure failure, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Triage finished: {Candidates} new, {Classified} classified, {Applied} labelled, {Failed} failed in {Seconds:0.0} s with {Calls} LLM calls")]
    private static partial void LogFinished(ILogger logger, int candidates, int classified, int applied, int failed, double seconds, int calls);
}
