namespace EmailTriage.Mailboxes;

/// <summary>
/// The mailbox cannot be reached or refuses us (network, expired sign-in, quota). The message says what to do;
/// hosts map it to exit code 3 or HTTP 503, and nothing in the mailbox has been changed for the messages not yet done.
/// </summary>
public sealed class MailboxUnavailableException : Exception
{
    public MailboxUnavailableException(string message)
        : base(message)
    {
    }

    public MailboxUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MailboxUnavailableException()
    {
    }

    /// <summary>
    /// Another run holds the mailbox's lock (this machine's lock file, or the blob lease): nothing is wrong with the
    /// mailbox, so a queue does not retry this as a failure; that run, or the next tick, does the work.
    /// </summary>
    public bool HeldByAnotherRun { get; init; }
}
