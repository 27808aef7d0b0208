using EmailTriage.Configuration;
using EmailTriage.Mailboxes;

namespace EmailTriage.Triage;

/// <summary>Runs on this machine only exclude each other: the lock file of <see cref="MailboxRunLock"/> in the state folder.</summary>
public sealed class LocalMailboxLocks(StateDirectory state) : IMailboxLocks
{
    public async Task<IAsyncDisposable> AcquireAsync(IMailbox mailbox, CancellationToken cancellationToken) =>
        new Held(await MailboxRunLock.AcquireAsync(mailbox, state, cancellationToken));

    private sealed class Held(MailboxRunLock held) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            held.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
