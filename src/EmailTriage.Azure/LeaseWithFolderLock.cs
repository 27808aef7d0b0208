using EmailTriage.Triage;

namespace EmailTriage.Azure;

/// <summary>A folder mailbox's run lease together with the lock in its folder: lost when the lease is, both let go on dispose.</summary>
internal sealed class LeaseWithFolderLock(MailboxLease lease, IAsyncDisposable folderLock) : IHeldLock
{
    public CancellationToken Lost => lease.Lost;

    public string? LostBecause => lease.LostBecause;

    public async ValueTask DisposeAsync()
    {
        try
        {
            await lease.DisposeAsync();
        }
        finally
        {
            await folderLock.DisposeAsync();
        }
    }
}
