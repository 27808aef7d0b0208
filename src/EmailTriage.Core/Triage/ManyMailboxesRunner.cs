using EmailTriage.Mailboxes;
using Microsoft.Extensions.Logging;

namespace EmailTriage.Triage;

/// <summary>
/// Triages several named mailboxes at once. They share this process's LLM servers (one <see cref="Classification.ClassifierFactory"/>
/// per process, so LLM_MAX_CONCURRENCY bounds the requests of all of them together); a mailbox that fails to open or run
/// is reported and never holds back the others.
/// </summary>
public sealed partial class ManyMailboxesRunner(MailboxCatalog catalog, TriageRunner runner, TimeProvider time, ILogger<ManyMailboxesRunner> logger)
{
    public async Task<IReadOnlyList<MailboxRunOutcome>> RunAsync(
        IReadOnlyList<MailboxDefinition> mailboxes, Func<MailboxDefinition, TriageRequest> request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mailboxes);
        ArgumentNullException.ThrowIfNull(request);
        var outcomes = new MailboxRunOutcome[mailboxes.Count];

        // Every mailbox at once: their messages wait for LLM slots in one queue, so none is starved and none waits for another to finish.
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, mailboxes.Count), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, mailboxes.Count), parallel, async (index, token) =>
        {
            outcomes[index] = await RunOneAsync(mailboxes[index], request, token);
        });
        return outcomes;
    }

    public async Task<MailboxRunOutcome> RunOneAsync(MailboxDefinition definition, Func<MailboxDefinition, TriageRequest> request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            var mailbox = await catalog.OpenAsync(definition, cancellationToken);
            var summary = await runner.RunAsync(mailbox, request(definition).For(definition), cancellationToken);
            return new MailboxRunOutcome(definition.Name, summary, null, time.GetUtcNow());
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, definition.Name, ex.Message);
            return new MailboxRunOutcome(definition.Name, null, ex, time.GetUtcNow());
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Mailbox {Mailbox} was not triaged: {Error}")]
    private static partial void LogFailed(ILogger logger, string mailbox, string error);
}
