namespace EmailTriage.Watching;

/// <summary>How a watched mailbox says "there may be new mail": IMAP IDLE, or a timer for mailboxes that cannot tell.</summary>
public interface IMailWaiter : IAsyncDisposable
{
    /// <summary>
    /// Called before each run: connects what must be connected, so mail that arrives during the run wakes the next wait.
    /// A server that cannot be reached throws <see cref="Mailboxes.MailboxUnavailableException"/>.
    /// </summary>
    Task ReadyAsync(CancellationToken cancellationToken);

    /// <summary>Returns when new mail may have arrived (or the polling interval has passed).</summary>
    Task WaitAsync(CancellationToken cancellationToken);
}
