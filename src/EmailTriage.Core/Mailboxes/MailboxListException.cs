using EmailTriage.Errors;

namespace EmailTriage.Mailboxes;

/// <summary>The mailbox list is wrong or names a mailbox that is not in it; the message names the file, the line and the fix.</summary>
internal sealed class MailboxListException : Exception, IKnownFailure
{
    public MailboxListException(string message)
        : base(message)
    {
    }

    public MailboxListException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MailboxListException()
    {
    }

    public FailureKind Kind => FailureKind.BadConfiguration;
}
