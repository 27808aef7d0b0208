using EmailTriage.Classification;
using EmailTriage.Mail;
using EmailTriage.Triage;
using Microsoft.Extensions.Logging;

namespace EmailTriage.Decisions;

/// <summary>
/// One labelling run's lines in its mailbox's decision log. A decision that cost LLM calls is appended at once, before
/// its label is applied (the journal a killed run is finished from); how each message ended is gathered and appended a
/// group at a time (at most every second, or every <see cref="GroupSize"/> lines), and the rest when the run ends. A log
/// that cannot be written is a warning, never a failed run: the labels in the mailbox are what counts.
/// </summary>
internal sealed partial class RunLog(DecisionLog log, string run, TimeProvider time, ILogger logger)
{
    private const int GroupSize = 100;
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private List<DecisionEntry> _waiting = [];
    private long _lastWrite = time.GetTimestamp();
    private bool _warned;

    public string Run => run;

    public Task DecidedAsync(MailMessage message, Decision decision) =>
        WriteAsync(Take(DecisionEntry.Decided(run, time.GetUtcNow(), message, decision)));

    /// <summary>How a message ended; written with the next group.</summary>
    public void Add(MessageOutcome outcome)
    {
        lock (_lock)
        {
            _waiting.Add(DecisionEntry.Final(run, time.GetUtcNow(), outcome));
        }
    }

    /// <summary>Writes the lines waiting once there are enough of them, or once the oldest has waited long enough.</summary>
    public Task FlushIfDueAsync()
    {
        lock (_lock)
        {
            if (_waiting.Count == 0 || (_waiting.Count < GroupSize && time.GetElapsedTime(_lastWrite) < MaxWait))
            {
                return Task.CompletedTask;
            }
        }

        return FlushAsync();
    }

    /// <summary>Everything still waiting, and the run's own line with its sum.</summary>
    public Task EndedAsync(TriageSummary summary, DateTimeOffset started) =>
        WriteAsync(Take(new DecisionEntry { Kind = DecisionEntryKind.Run, At = time.GetUtcNow(), Run = run, Summary = RunSum.Of(summary, started), Reason = summary.StoppedBecause ?? string.Empty }));

    public Task FlushAsync() => WriteAsync(Take(null));

    private List<DecisionEntry> Take(DecisionEntry? then)
    {
        lock (_lock)
        {
            var taken = _waiting;
            _waiting = [];
            if (then is not null)
            {
                taken.Add(then);
            }

            _lastWrite = time.GetTimestamp();
            return taken;
        }
    }

    private async Task WriteAsync(List<DecisionEntry> entries)
    {
        try
        {
            // Its own deadline, not the run's token: lines of a cancelled run are worth keeping too.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await log.AppendAsync(entries, timeout.Token);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            if (!_warned)
            {
                _warned = true;
                LogNotWritten(logger, log.Store.Description, ex.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The decision log in {Store} could not be written; the labels are applied all the same: {Error}")]
    private static partial void LogNotWritten(ILogger logger, string store, string error);
}
