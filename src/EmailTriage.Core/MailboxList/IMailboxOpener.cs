using EmailTriage.Mailboxes;

namespace EmailTriage.MailboxList;

/// <summary>
/// Builds the mailbox of one kind from its entry in the mailbox list. Each mailbox project registers its own (folder in
/// Core, Gmail in EmailTriage.Gmail, IMAP in EmailTriage.Imap), so Core knows no provider.
/// </summary>
public interface IMailboxOpener
{
    MailboxKind Kind { get; }

    Task<IMailbox> OpenAsync(MailboxDefinition mailbox, CancellationToken cancellationToken);
}
