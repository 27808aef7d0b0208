namespace EmailTriage.MailboxList;

/// <summary>What a named mailbox is; each kind has its own settings in the mailbox list and its own <see cref="IMailboxOpener"/>.</summary>
public enum MailboxKind
{
    Folder,
    Gmail,
    Imap,
}
