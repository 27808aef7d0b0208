using EmailTriage.Configuration;
using EmailTriage.Mailboxes;

namespace EmailTriage.Triage;

/// <summary>Runs on this machine only exclude each other: the lock file of <see cref="MailboxRunLock"/> in the state folder.</summary>
public sealed class LocalMailboxLocks(StateDirectory state) : IMailboxLocks
{
    public Task<IHeldLock> AcquireAsync(IMailbox mailbox, string identity, CancellationToken cancellationToken) =>
        Task.FromResult<IHeldLock>(new Held(MailboxRunLock.Acquire(mailbox, identity, state)));

    /// <summary>A lock file is held until the process lets it go: it cannot be lost while the run lasts.</summary>
    private sealed class Held(MailboxRunLock held) : IHeldLock
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
