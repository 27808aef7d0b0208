using Azure.Storage.Blobs.Models;
using EmailTriage.Azure.Tests.Support;
using EmailTriage.Configuration;
using EmailTriage.Mailboxes;
using EmailTriage.Triage;
using Microsoft.Extensions.Options;

namespace EmailTriage.Azure.Tests;

/// <summary>src/EmailTriage.Azure/BlobMailboxLocks.cs: one writer per mailbox over a real Azurite's blob leases.</summary>
public sealed class BlobMailboxLocksTests(Azurite azurite)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private BlobMailboxLocks Locks(string container, int leaseSeconds = 60, TimeSpan? renewEvery = null) =>
        new(
            Azurite.Clients(azurite.Server.ConnectionString, container),
            Options.Create(new StorageOptions { Account = azurite.Server.ConnectionString, StateContainer = container, LeaseSeconds = leaseSeconds }),
            TimeProvider.System,
            new RecordingLogger<BlobMailboxLocks>())
        { RenewEveryOverride = renewEvery };

    private async Task<LeaseState> LeaseStateAsync(string container, string identity)
    {
        var blob = Azurite.Clients(azurite.Server.ConnectionString, container).StateContainer
            .GetBlobClient($"{State.LocalStateStores.KeyOf(identity)}/{BlobMailboxLocks.LockBlobName}");
        return (await blob.GetPropertiesAsync(cancellationToken: Cancel)).Value.LeaseState;
    }

    [Fact]
    public async Task Taken_creates_the_container_and_the_lock_blob_and_holds_a_lease()
    {
        var container = Azurite.NewContainerName();

        await using var held = await Locks(container).AcquireLeaseAsync(new NamedMailbox("gmail me@example.com"), Cancel);

        Assert.Equal(LeaseState.Leased, await LeaseStateAsync(container, "gmail me@example.com"));
        // Upload refused (no container), create the container, upload, acquire, write the holder.
        Assert.Equal(5, held.Requests);
    }

    [Fact]
    public async Task A_run_costs_four_storage_requests_once_the_lock_blob_exists()
    {
        var container = Azurite.NewContainerName();
        await (await Locks(container).AcquireAsync(new NamedMailbox("gmail me@example.com"), Cancel)).DisposeAsync();

        var held = await Locks(container).AcquireLeaseAsync(new NamedMailbox("gmail me@example.com"), Cancel);
        await held.DisposeAsync();

        // Upload refused (exists), acquire, write the holder, release.
        Assert.Equal(4, held.Requests);
    }

    [Fact]
    public async Task Refused_while_held_and_the_message_names_the_holder_and_since_when()
    {
        var container = Azurite.NewContainerName();
        await using var held = await Locks(container).AcquireAsync(new NamedMailbox("gmail me@example.com"), Cancel);

        var refused = await Assert.ThrowsAsync<MailboxUnavailableException>(() => Locks(container).AcquireAsync(new NamedMailbox("gmail me@example.com"), Cancel));

        Assert.Contains($"is held by {Environment.MachineName} pid {Environment.ProcessId} since {DateTimeOffset.UtcNow:yyyy-MM-dd}", refused.Message, StringComparison.Ordinal);
        Assert.Contains("this run changed nothing", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_mailbox_is_not_held_back()
    {
        var container = Azurite.NewContainerName();
        await using var first = await Locks(container).AcquireAsync(new NamedMailbox("gmail a@example.com"), Cancel);

        await using var second = await Locks(container).AcquireAsync(new NamedMailbox("gmail b@example.com"), Cancel);
    }

    [Fact]
    public async Task Released_at_the_end_so_the_next_run_takes_it_at_once()
    {
        var container = Azurite.NewContainerName();
        var held = await Locks(container).AcquireAsync(new NamedMailbox("gmail me@example.com"), Cancel);

        await held.DisposeAsync();

        Assert.Equal(LeaseState.Available, await LeaseStateAsync(container, "gmail me@example.com"));
        await using var next = await Locks(container).AcquireAsync(new NamedMailbox("gmail me@example.com"), Cancel);
    }

    [Fact]
    public async Task Renewed_while_the_run_lasts_beyond_the_lease_duration()
    {
        var container = Azurite.NewContainerName();
        await using var held = await Locks(container, leaseSeconds: 15, renewEvery: TimeSpan.FromSeconds(5)).AcquireLeaseAsync(new NamedMailbox("gmail me@example.com"), Cancel);

        await Task.Delay(TimeSpan.FromSeconds(17), Cancel);

        Assert.Equal(LeaseState.Leased, await LeaseStateAsync(container, "gmail me@example.com"));
        await Assert.ThrowsAsync<MailboxUnavailableException>(() => Locks(container).AcquireAsync(new NamedMailbox("gmail me@example.com"), Cancel));
        Assert.True(held.Requests >= 6, $"{held.Requests} requests");
    }

    [Fact]
    public async Task A_crashed_holders_lease_expires_by_itself()
    {
        var container = Azurite.NewContainerName();

        // The crash: a 15 s lease that nobody renews or releases.
        _ = await Locks(container, leaseSeconds: 15, renewEvery: Timeout.InfiniteTimeSpan).AcquireAsync(new NamedMailbox("gmail me@example.com"), Cancel);
        await Assert.ThrowsAsync<MailboxUnavailableException>(() => Locks(container).AcquireAsync(new NamedMailbox("gmail me@example.com"), Cancel));

        await Task.Delay(TimeSpan.FromSeconds(16), Cancel);

        await using var next = await Locks(container).AcquireAsync(new NamedMailbox("gmail me@example.com"), Cancel);
    }

    [Fact]
    public async Task A_lease_broken_from_outside_is_lost_and_says_so()
    {
        var container = Azurite.NewContainerName();
        await using var held = await Locks(container, leaseSeconds: 15, renewEvery: TimeSpan.FromMilliseconds(200)).AcquireLeaseAsync(new NamedMailbox("gmail me@example.com"), Cancel);
        Assert.Null(held.LostBecause);

        await BreakAsync(azurite, container, "gmail me@example.com");
        await held.Lost.WhenCancelledAsync(Cancel);

        Assert.Contains("was lost", held.LostBecause, StringComparison.Ordinal);
        Assert.Contains(BlobMailboxLocks.LockBlobName, held.LostBecause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_mailbox_also_holds_its_folders_lock_so_a_run_without_storage_is_kept_out()
    {
        var container = Azurite.NewContainerName();
        var folder = Directory.CreateTempSubdirectory("emailtriage-lease-folder-").FullName;
        try
        {
            var local = new LocalMailboxLocks(new StateDirectory(folder + "-state"));
            await using (var held = await Locks(container).AcquireAsync(new FolderMailbox(folder), Cancel))
            {
                Assert.IsAssignableFrom<IHeldLock>(held);
                await Assert.ThrowsAsync<MailboxUnavailableException>(() => local.AcquireAsync(new FolderMailbox(folder), Cancel));
            }

            await (await local.AcquireAsync(new FolderMailbox(folder), Cancel)).DisposeAsync();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_folder_mailbox_whose_folder_lock_is_held_lets_go_of_its_lease()
    {
        var container = Azurite.NewContainerName();
        var folder = Directory.CreateTempSubdirectory("emailtriage-lease-folder-").FullName;
        try
        {
            var mailbox = new FolderMailbox(folder);

            // A run without EMAILTRIAGE_STORAGE holds the folder.
            await using (await new LocalMailboxLocks(new StateDirectory(folder + "-state")).AcquireAsync(mailbox, Cancel))
            {
                var refused = await Assert.ThrowsAsync<MailboxUnavailableException>(() => Locks(container).AcquireAsync(mailbox, Cancel));
                Assert.Contains("the folder's run lock", refused.Message, StringComparison.Ordinal);
            }

            Assert.Equal(LeaseState.Available, await LeaseStateAsync(container, await mailbox.IdentifyAsync(Cancel)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>What an operator (or a confused second machine) does from outside: break the lease at once.</summary>
    internal static async Task BreakAsync(Azurite azurite, string container, string identity)
    {
        var blob = Azurite.Clients(azurite.Server.ConnectionString, container).StateContainer
            .GetBlobClient($"{State.LocalStateStores.KeyOf(identity)}/{BlobMailboxLocks.LockBlobName}");
        await global::Azure.Storage.Blobs.Specialized.SpecializedBlobExtensions.GetBlobLeaseClient(blob).BreakAsync(TimeSpan.Zero, cancellationToken: TestContext.Current.CancellationToken);
    }
}
