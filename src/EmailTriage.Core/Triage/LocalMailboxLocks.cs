using EmailTriage.Configuration;
using EmailTriage.Mailboxes;

namespace EmailTriage.Triage;

/// <summary>
/// Runs on this machine exclude each other: a folder mailbox by the lock file in the folder (<see cref="FolderRunLock"/>),
/// any other by the lock file of <see cref="MailboxRunLock"/> in the state folder.
/// </summary>
public sealed class LocalMailboxLocks(StateDirectory state) : IMailboxLocks
{
    public Task<IHeldLock> AcquireAsync(IMailbox mailbox, string identity, CancellationToken cancellationToken) =>
        Task.FromResult(mailbox is FolderMailbox folder ? AcquireInFolder(folder) : new Held(MailboxRunLock.Acquire(mailbox, identity, state)));

    /// <summary>
    /// The lock a folder mailbox keeps in its folder, which every run of that folder takes whatever else it holds (a
    /// blob lease with EMAILTRIAGE_STORAGE), so runs with different settings still exclude each other.
    /// </summary>
    public static IHeldLock AcquireInFolder(FolderMailbox mailbox) => new Held(FolderRunLock.Acquire(mailbox));

    /// <summary>A lock file is held until the process lets it go: it cannot be lost while the run lasts.</summary>
    private sealed class Held(IDisposable held) : IHeldLock
    {
        public CancellationToken Lost => CancellationToken.None;

        public string? LostBecause => null;

        public ValueTask DisposeAsync()
        {
            held.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
