using EmailTriage.Labels;
using EmailTriage.Mailboxes;
using EmailTriage.State;

namespace EmailTriage.Core.Tests.Support;

/// <summary>Opening a mailbox for a run the way tests mostly want it: a folder's state beside its mail, else the given store.</summary>
internal static class MailboxRuns
{
    public static Task<IMailboxSession> OpenAsync(this IMailbox mailbox, LabelConfig labels, bool dryRun, CancellationToken cancellationToken, IStateStore? state = null) =>
        mailbox.OpenAsync(new MailboxRun(labels, dryRun, state ?? StateOf(mailbox)), cancellationToken);

    private static FileStateStore StateOf(IMailbox mailbox) => mailbox is FolderMailbox folder
        ? new FileStateStore(Path.Combine(folder.Root, ".emailtriage"))
        : throw new ArgumentException("Give the state store of a mailbox that is not a folder.", nameof(mailbox));
}
