using EmailTriage.Configuration;
using EmailTriage.Mailboxes;

namespace EmailTriage.Triage;

/// <summary>
/// Runs on this machine exclude each other: a folder mailbox by the lock file in the folder (<see cref="FolderRunLock"/>),
/// any other by the lock file of <see cref="MailboxRunLock"/> in the state folder.
/// </summary>
public sealed class LocalMailboxLocks(StateDirectory state) : IMailboxLocks
{
    public async Task<IAsyncDisposable> AcquireAsync(IMailbox mailbox, CancellationToken cancellationToken) =>
        mailbox is FolderMailbox folder ? AcquireInFolder(folder) : new Held(await MailboxRunLock.AcquireAsync(mailbox, state, cancellationToken));

    /// <summary>
    /// The lock a folder mailbox keeps in its folder, which every run of that folder takes whatever else it holds (a
    /// blob lease with EMAILTRIAGE_STORAGE), so runs with different settings still exclude each other.
    /// </summary>
    public static IAsyncDisposable AcquireInFolder(FolderMailbox mailbox) => new Held(FolderRunLock.Acquire(mailbox));

    private sealed class Held(IDisposable held) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            held.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
