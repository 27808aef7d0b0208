using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Logging;

namespace EmailTriage.Azure;

/// <summary>
/// A held blob lease on one mailbox's lock blob: renewed in the background every <c>renewEvery</c> while the run lasts,
/// released on dispose. A holder that crashes stops renewing, and the lease expires by itself after its duration.
/// </summary>
internal sealed partial class MailboxLease : IAsyncDisposable
{
    private readonly BlobLeaseClient _lease;
    private readonly string _blob;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewing;
    private int _requests;

    public MailboxLease(BlobLeaseClient lease, string blob, TimeSpan renewEvery, TimeProvider time, ILogger logger, int requestsSoFar)
    {
        _lease = lease;
        _blob = blob;
        _logger = logger;
        _requests = requestsSoFar;
        _renewing = renewEvery == Timeout.InfiniteTimeSpan ? Task.CompletedTask : RenewAsync(renewEvery, time, _stop.Token);
    }

    public string LeaseId => _lease.LeaseId;

    /// <summary>Storage requests this lease has cost so far (create, acquire, metadata, renewals, release).</summary>
    public int Requests => Volatile.Read(ref _requests);

    private async Task RenewAsync(TimeSpan every, TimeProvider time, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(every, time, cancellationToken);
                Interlocked.Increment(ref _requests);
                await _lease.RenewAsync(cancellationToken: cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (StorageFailures.Is(ex))
            {
                // One missed renewal is not yet a lost lease (the duration is three renewals long): try again on the next tick.
                LogRenewFailed(_logger, _blob, ex.Message);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _renewing;
        _stop.Dispose();
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Released the lease on {Blob} after {Requests} storage requests")]
    private static partial void LogReleased(ILogger logger, string blob, int requests);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Releasing the lease on {Blob} failed; it expires by itself: {Error}")]
    private static partial void LogReleaseFailed(ILogger logger, string blob, string error);
}
