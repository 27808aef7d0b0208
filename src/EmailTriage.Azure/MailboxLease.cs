using Azure;
using Azure.Storage.Blobs.Specialized;
using EmailTriage.Triage;
using Microsoft.Extensions.Logging;

namespace EmailTriage.Azure;

/// <summary>
/// A held blob lease on one mailbox's lock blob: renewed in the background while the run lasts, released on dispose. A
/// holder that crashes stops renewing, and the lease expires by itself after its duration.
/// </summary>
/// <remarks>
/// Held means proven: the lease counts as this run's only until <see cref="LeaseTiming.Proven"/> after the last
/// renewal that succeeded was sent. Storage that hangs instead of failing (a renewal that never answers) cannot stretch
/// that: once the proof runs out the lease is lost, whatever requests are still waiting, before the service could let
/// another run take it.
/// </remarks>
internal sealed partial class MailboxLease : IHeldLock
{
    private readonly BlobLeaseClient _lease;
    private readonly string _blob;
    private readonly LeaseTiming _timing;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _lost = new();
    private readonly Lock _lock = new();
    private readonly ITimer _expiry;
    private readonly Task _renewing;
    private long _provenUntil;
    private long _provenFrom;
    private string? _lostBecause;
    private string? _lastProblem;
    private Task _cancelling = Task.CompletedTask;
    private bool _disposed;
    private int _requests;

    /// <param name="provenFrom">The timestamp (of <paramref name="time"/>) just before the acquiring request was sent.</param>
    public MailboxLease(BlobLeaseClient lease, string blob, LeaseTiming timing, long provenFrom, TimeProvider time, ILogger logger, int requestsSoFar)
    {
        _lease = lease;
        _blob = blob;
        _timing = timing;
        _time = time;
        _logger = logger;
        _requests = requestsSoFar;
        _provenFrom = provenFrom;
        _provenUntil = provenFrom + Ticks(timing.Proven);
        _expiry = time.CreateTimer(_ => Expire(), null, Until(_provenUntil), Timeout.InfiniteTimeSpan);
        _renewing = timing.RenewEvery == Timeout.InfiniteTimeSpan ? Task.CompletedTask : RenewAsync(_stop.Token);
    }

    public string LeaseId => _lease.LeaseId;

    public CancellationToken Lost => _lost.Token;

    /// <summary>Asked right before each mailbox write, so it looks at the clock itself rather than wait for the timer.</summary>
    public string? LostBecause
    {
        get
        {
            if (Volatile.Read(ref _lostBecause) is { } reason)
            {
                return reason;
            }

            if (_time.GetTimestamp() < Interlocked.Read(ref _provenUntil))
            {
                return null;
            }

            Expire();
            return Volatile.Read(ref _lostBecause);
        }
    }

    /// <summary>Storage requests this lease has cost so far (create, acquire, metadata, renewals, release).</summary>
    public int Requests => Volatile.Read(ref _requests);

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        var next = Task.Delay(_timing.RenewEvery, _time, cancellationToken);
        while (true)
        {
            try
            {
                await next;
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var sent = _time.GetTimestamp();

            // Its own deadline, well inside the lease: the SDK would wait 100 s per attempt for an answer that never comes.
            using var deadline = new CancellationTokenSource(_timing.RenewTimeout, _time);
            using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
            try
            {
                Interlocked.Increment(ref _requests);
                await _lease.RenewAsync(cancellationToken: either.Token);
                Prove(sent);

                // The next try is set before the line is logged, so whoever reads the log finds it already waiting.
                next = Task.Delay(_timing.RenewEvery, _time, cancellationToken);
                LogRenewed(_logger, _blob);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // The service says this lease is not ours any more (broken, expired and taken, or the blob replaced).
                Lose($"the run lease on {_blob} was lost ({ex.ErrorCode}): another run may hold it now");
                return;
            }
            catch (Exception ex) when (ex is OperationCanceledException || StorageFailures.Is(ex))
            {
                // Not yet a lost lease: the proof of the last renewal still stands, and the next try may get through.
                var problem = ex is OperationCanceledException ? $"no answer within {_timing.RenewTimeout.TotalSeconds:0.#} s" : ex.Message;
                Volatile.Write(ref _lastProblem, problem);
                next = Task.Delay(_timing.RetryAfter, _time, cancellationToken);
                LogRenewFailed(_logger, _blob, problem);
            }

            if (Volatile.Read(ref _lostBecause) is not null)
            {
                return;
            }
        }
    }

    private void Prove(long sent)
    {
        lock (_lock)
        {
            if (_lostBecause is not null || _disposed || sent <= _provenFrom)
            {
                return;
            }

            _provenFrom = sent;
            Interlocked.Exchange(ref _provenUntil, sent + Ticks(_timing.Proven));
            Volatile.Write(ref _lastProblem, null);
            _expiry.Change(Until(_provenUntil), Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>The proof has run out (the timer came round, or a writer looked at the clock): the lease may expire any moment.</summary>
    private void Expire()
    {
        long since;
        lock (_lock)
        {
            if (_time.GetTimestamp() < _provenUntil)
            {
                // A renewal moved the deadline after this timer was due.
                return;
            }

            since = _provenFrom;
        }

        var problem = Volatile.Read(ref _lastProblem) ?? "a renewal is still waiting for an answer";
        Lose(
            $"the run lease on {_blob} could not be renewed for {_time.GetElapsedTime(since).TotalSeconds:0} s ({problem}); it lasts {_timing.Duration.TotalSeconds:0} s, " +
            "so the run stopped writing before another run could take the mailbox");
    }

    private void Lose(string reason)
    {
        lock (_lock)
        {
            if (_lostBecause is not null || _disposed)
            {
                return;
            }

            Volatile.Write(ref _lostBecause, reason);

            // Callbacks (the run's stop) run on the thread pool, never inside a writer that asked LostBecause.
            _cancelling = _lost.CancelAsync();
        }

        LogLost(_logger, _blob, reason);
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    private TimeSpan Until(long timestamp)
    {
        var left = TimeSpan.FromSeconds((double)(timestamp - _time.GetTimestamp()) / _time.TimestampFrequency);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    public async ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        await _expiry.DisposeAsync();
        await _stop.CancelAsync();
        await _renewing;
        _stop.Dispose();
        await _cancelling;
        _lost.Dispose();
        try
        {
            // Bounded like a renewal: storage that hangs must not hold the run's end; the lease then expires by itself.
            using var deadline = new CancellationTokenSource(_timing.RenewTimeout, _time);
            Interlocked.Increment(ref _requests);
            await _lease.ReleaseAsync(cancellationToken: deadline.Token);
            LogReleased(_logger, _blob, Requests);
        }
        catch (Exception ex) when (ex is OperationCanceledException || StorageFailures.Is(ex))
        {
            // Not released: it expires by itself within its duration, and the next run waits that long at most.
            LogReleaseFailed(_logger, _blob, ex is OperationCanceledException ? $"no answer within {_timing.RenewTimeout.TotalSeconds:0.#} s" : ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Renewed the lease on {Blob}")]
    private static partial void LogRenewed(ILogger logger, string blob);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the lease on {Blob} failed; trying again: {Error}")]
    private static partial void LogRenewFailed(ILogger logger, string blob, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Lost the lease on {Blob}; stopping the run: {Reason}")]
    private static partial void LogLost(ILogger logger, string blob, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Released the lease on {Blob} after {Requests} storage requests")]
    private static partial void LogReleased(ILogger logger, string blob, int requests);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Releasing the lease on {Blob} failed; it expires by itself: {Error}")]
    private static partial void LogReleaseFailed(ILogger logger, string blob, string error);
}
