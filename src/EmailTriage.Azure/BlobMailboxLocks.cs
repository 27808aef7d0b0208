using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using EmailTriage.Mailboxes;
using EmailTriage.State;
using EmailTriage.Triage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmailTriage.Azure;

/// <summary>
/// One writer per mailbox across every machine that shares EMAILTRIAGE_STORAGE (the Functions instances, a CLI or
/// <c>func start</c> on a Mac): a blob lease on <c>{mailbox key}/run.lock</c> in the state container. The holder writes
/// who it is and since when in the blob's metadata, so a refused run can say so.
/// </summary>
internal sealed partial class BlobMailboxLocks(StorageClients clients, IOptions<StorageOptions> options, TimeProvider time, ILogger<BlobMailboxLocks> logger) : IMailboxLocks
{
    public const string LockBlobName = "run.lock";
    private const string HolderKey = "holder";
    private const string SinceKey = "since";

    internal TimeSpan? RenewEveryOverride { get; init; }

    public async Task<IHeldLock> AcquireAsync(IMailbox mailbox, string identity, CancellationToken cancellationToken)
    {
        if (mailbox is not FolderMailbox folder)
        {
            return await AcquireLeaseAsync(mailbox, identity, cancellationToken);
        }

        // The lease first, whose refusal names the holder; then the folder's own lock, so a run on this folder without
        // EMAILTRIAGE_STORAGE (or with another account) is kept out too.
        var lease = await AcquireLeaseAsync(mailbox, identity, cancellationToken);
        try
        {
            return new LeaseWithFolderLock(lease, LocalMailboxLocks.AcquireInFolder(folder));
        }
        catch
        {
            await lease.DisposeAsync();
            throw;
        }
    }

    internal async Task<MailboxLease> AcquireLeaseAsync(IMailbox mailbox, string identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        var key = LocalStateStores.KeyOf(identity);
        var container = clients.StateContainer;
        var blob = container.GetBlobClient($"{key}/{LockBlobName}");
        var duration = TimeSpan.FromSeconds(options.Value.LeaseSeconds);
        var requests = 0;
        try
        {
            requests += await EnsureBlobAsync(container, blob, cancellationToken);
            var lease = blob.GetBlobLeaseClient();
            var sent = time.GetTimestamp();
            try
            {
                requests++;
                await lease.AcquireAsync(duration, cancellationToken: cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                requests++;
                throw await RefusedAsync(blob, mailbox, ex, cancellationToken);
            }

            var since = time.GetUtcNow();
            var metadata = new Dictionary<string, string>
            {
                [HolderKey] = $"{Environment.MachineName} pid {Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}",
                [SinceKey] = since.ToString("O", CultureInfo.InvariantCulture),
            };
            requests++;
            await blob.SetMetadataAsync(metadata, new BlobRequestConditions { LeaseId = lease.LeaseId }, cancellationToken);
            LogAcquired(logger, blob.Name, duration.TotalSeconds);
            return new MailboxLease(lease, blob.Name, LeaseTiming.For(duration, RenewEveryOverride), sent, time, logger, requests);
        }
        catch (Exception ex) when (StorageFailures.Is(ex))
        {
            throw StorageFailures.From(ex, "taking the mailbox's run lease", $"blob {blob.Name} in container {container.Name} of storage account {container.AccountName}");
        }
    }

    /// <returns>The requests it took: one, or three the first time (the container is created on the way).</returns>
    private static async Task<int> EnsureBlobAsync(BlobContainerClient container, BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            await blob.UploadAsync(BinaryData.Empty, overwrite: false, cancellationToken);
            return 1;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Already there (and perhaps leased): that is the usual case after the first run.
            return 1;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            return 2 + await EnsureBlobAsync(container, blob, cancellationToken);
        }
    }

    private async Task<MailboxUnavailableException> RefusedAsync(BlobClient blob, IMailbox mailbox, RequestFailedException refusal, CancellationToken cancellationToken)
    {
        var metadata = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value.Metadata;
        var holder = metadata.TryGetValue(HolderKey, out var who) ? who : "another run";
        var since = metadata.TryGetValue(SinceKey, out var when) ? $" since {when}" : string.Empty;
        LogRefused(logger, blob.Name, holder);
        return new MailboxUnavailableException(
            $"The mailbox {mailbox.Description} is held by {holder}{since} (lease on {blob.Name}); this run changed nothing and leaves the mail for that run or the next. " +
            $"A holder that crashed lets go by itself within {options.Value.LeaseSeconds} s.",
            refusal)
        {
            HeldByAnotherRun = true,
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Took the run lease on {Blob} for {Seconds} s, renewed while the run lasts")]
    private static partial void LogAcquired(ILogger logger, string blob, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The run lease on {Blob} is held by {Holder}: not running")]
    private static partial void LogRefused(ILogger logger, string blob, string holder);
}
