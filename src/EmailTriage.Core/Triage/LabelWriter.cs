using EmailTriage.Classification;
using EmailTriage.Labels;
using EmailTriage.Mail;
using EmailTriage.Mailboxes;

namespace EmailTriage.Triage;

/// <summary>
/// Writes each decided label to the mailbox soon after the decision, as the mailbox asks (<see cref="LabelWriting"/>): a
/// label's group goes out when it is full or when the timer comes round, one mailbox call per label per group. It only
/// batches; it reports every message it was given, applied or not, to <paramref name="written"/>.
/// </summary>
internal sealed class LabelWriter : IAsyncDisposable
{
    private readonly IMailboxSession _session;
    private readonly LabelConfig _labels;
    private readonly Action<MessageOutcome> _written;
    private readonly Func<string?> _refused;
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _applying = new(1, 1);
    private readonly Dictionary<string, List<Pending>> _pending = new(StringComparer.OrdinalIgnoreCase);
    private readonly ITimer? _timer;
    private Task _ticks = Task.CompletedTask;

    private readonly Action<MailMessage, Decision>? _applied;

    /// <param name="refused">Why no label may be written any more (the run's lock was lost), or null while writing is fine.</param>
    /// <param name="applied">Told of each label the mailbox took, with its message (the learned model watches its own decisions).</param>
    public LabelWriter(IMailboxSession session, LabelConfig labels, TimeProvider time, Action<MessageOutcome> written, Func<string?>? refused = null, Action<MailMessage, Decision>? applied = null)
    {
        _applied = applied;
        _refused = refused ?? (() => null);
        _session = session;
        _labels = labels;
        _written = written;
        if (session.Writing is { GroupSize: > 1, MaxWait: var wait } && wait > TimeSpan.Zero)
        {
            _timer = time.CreateTimer(_ => Tick(), null, wait, wait);
        }
    }

    public async Task AddAsync(MailMessage message, Decision decision)
    {
        ArgumentNullException.ThrowIfNull(decision.Label);
        List<Pending>? full = null;
        lock (_lock)
        {
            if (!_pending.TryGetValue(decision.Label, out var group))
            {
                _pending[decision.Label] = group = [];
            }

            group.Add(new Pending(message, decision));
            if (group.Count >= _session.Writing.GroupSize)
            {
                full = group;
                _pending.Remove(decision.Label);
            }
        }

        if (full is not null)
        {
            await ApplyAsync(decision.Label, full);
        }
    }

    /// <summary>Writes everything still waiting. Decisions made are applied even when the run is being stopped.</summary>
    public async Task FlushAsync()
    {
        if (_timer is not null)
        {
            await _timer.DisposeAsync();
        }

        Task ticks;
        lock (_lock)
        {
            ticks = _ticks;
        }

        await ticks;
        await WriteAllAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_timer is not null)
        {
            await _timer.DisposeAsync();
        }

        _applying.Dispose();
    }

    private void Tick()
    {
        lock (_lock)
        {
            if (_pending.Count > 0 && _ticks.IsCompleted)
            {
                // Awaited by FlushAsync, so an unexpected error here still reaches the run.
                _ticks = Task.Run(WriteAllAsync);
            }
        }
    }

    private async Task WriteAllAsync()
    {
        List<KeyValuePair<string, List<Pending>>> groups;
        lock (_lock)
        {
            groups = [.. _pending];
            _pending.Clear();
        }

        foreach (var (label, group) in groups)
        {
            await ApplyAsync(label, group);
        }
    }

    private async Task ApplyAsync(string label, List<Pending> group)
    {
        var action = _labels.Find(label)?.Action ?? LabelAction.None;
        var assignments = group.Select(p => new LabelAssignment(p.Message.Id, p.Decision.Source, p.Decision.Reason)).ToList();
        IReadOnlyCollection<string> failed;
        string? error = null;
        await _applying.WaitAsync(CancellationToken.None);
        try
        {
            if (_refused() is { } reason)
            {
                failed = [.. group.Select(p => p.Message.Id)];
                error = reason;
            }
            else
            {
                failed = await _session.ApplyAsync(new LabelGroup(label, action, assignments), CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or HttpRequestException or InvalidOperationException)
        {
            failed = [.. group.Select(p => p.Message.Id)];
            error = ex.Message;
        }
        finally
        {
            _applying.Release();
        }

        var failedIds = failed.ToHashSet(StringComparer.Ordinal);
        foreach (var (message, decision) in group)
        {
            var applied = !failedIds.Contains(message.Id);
            if (applied)
            {
                _applied?.Invoke(message, decision);
            }

            _written(MessageOutcome.Written(message, decision, applied, error));
        }
    }

    private sealed record Pending(MailMessage Message, Decision Decision);
}
