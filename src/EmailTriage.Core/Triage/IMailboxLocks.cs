using EmailTriage.Mailboxes;

namespace EmailTriage.Triage;

/// <summary>
/// One writer per mailbox: a run holds its mailbox's lock from before it opens the mailbox until it has written its last
/// label. On this machine a lock file (<see cref="LocalMailboxLocks"/>); with EMAILTRIAGE_STORAGE a blob lease that every
/// machine sharing the account sees.
/// </summary>
public interface IMailboxLocks
{
    /// <summary>
    /// The held lock of the mailbox whose identity is <paramref name="identity"/> (<see cref="IMailbox.IdentifyAsync"/>),
    /// released on dispose; a <see cref="MailboxUnavailableException"/> naming the holder when another run has it.
    /// </summary>
    Task<IHeldLock> AcquireAsync(IMailbox mailbox, string identity, CancellationToken cancellationToken);
}
