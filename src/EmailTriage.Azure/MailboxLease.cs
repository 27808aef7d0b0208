using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using EmailTriage.Triage;
using Microsoft.Extensions.Logging;

namespace EmailTriage.Azure;

/// <summary>
/// A held blob lease on one mailbox's lock blob: renewed in the background every <c>renewEvery</c> while the run lasts,
/// released on dispose. A holder that crashes stops renewing, and the lease expires by itself after its duration.
/// </summary>
internal sealed partial class MailboxLease : IHeldLock
{
    private readonly BlobLeaseClient _lease;
    private readonly string _blob;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _lost = new();
    private readonly TimeSpan _duration;
    private string? _lostBecause;
    private readonly Task _renewing;
    private int _requests;

    public MailboxLease(BlobLeaseClient lease, string blob, TimeSpan duration, TimeSpan renewEvery, TimeProvider time, ILogger logger, int requestsSoFar)
    {
        _duration = duration;
        _lease = lease;
        _blob = blob;
        _logger = logger;
        _requests = requestsSoFar;
        _renewing = renewEvery == Timeout.InfiniteTimeSpan ? Task.CompletedTask : RenewAsync(renewEvery, time, _stop.Token);
    }

    public string LeaseId => _lease.LeaseId;

    public CancellationToken Lost => _lost.Token;

    public string? LostBecause => Volatile.Read(ref _lostBecause);

    /// <summary>Storage requests this lease has cost so far (create, acquire, metadata, renewals, release).</summary>
    public int Requests => Volatile.Read(ref _requests);

    private async Task RenewAsync(TimeSpan every, TimeProvider time, CancellationToken cancellationToken)
    {
        var renewed = time.GetTimestamp();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(every, time, cancellationToken);
                Interlocked.Increment(ref _requests);
                await _lease.RenewAsync(cancellationToken: cancellationToken);
                renewed = time.GetTimestamp();
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // The service says this lease is not ours any more (broken, expired and taken, or the blob replaced).
                await LoseAsync($"the run lease on {_blob} was lost ({ex.ErrorCode}): another run may hold it now");
                return;
            }
            catch (Exception ex) when (StorageFailures.Is(ex))
            {
                if (time.GetElapsedTime(renewed) >= _duration)
                {
                    // Unrenewed for a whole duration: the lease has expired and another run may have taken it.
                    await LoseAsync($"the run lease on {_blob} could not be renewed for {_duration.TotalSeconds:0} s ({ex.Message}) and has expired");
                    return;
                }

                // One missed renewal is not yet a lost lease (the duration is three renewals long): try again on the next tick.
                LogRenewFailed(_logger, _blob, ex.Message);
            }
        }
    }

    private async Task LoseAsync(string reason)
    {
        Volatile.Write(ref _lostBecause, reason);
        LogLost(_logger, _blob, reason);
        await _lost.CancelAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _renewing;
        _stop.Dispose();
        _lost.Dispose();
        try
        {
            Interlocked.Increment(ref _requests);
            await _lease.ReleaseAsync(cancellationToken: CancellationToken.None);
            LogReleased(_logger, _blob, Requests);
        }
        catch (Exception ex) when (StorageFailures.Is(ex))
        {
            // Not released: it expires by itself within its duration, and the next run waits that long at most.
            LogReleaseFailed(_logger, _blob, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the lease on {Blob} failed; trying again: {Error}")]
    private static partial void LogRenewFailed(ILogger logger, string blob, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Lost the lease on {Blob}; stopping the run: {Reason}")]
    private static partial void LogLost(ILogger logger, string blob, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Released the lease on {Blob} after {Requests} storage requests")]
    private static partial void LogReleased(ILogger logger, string blob, int requests);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Releasing the lease on {Blob} failed; it expires by itself: {Error}")]
    private static partial void LogReleaseFailed(ILogger logger, string blob, string error);
}
