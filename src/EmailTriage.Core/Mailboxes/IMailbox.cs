using EmailTriage.Labels;
using EmailTriage.Watching;

namespace EmailTriage.Mailboxes;

/// <summary>Where mail comes from and where labels go: a folder of .eml/.mbox files, Gmail, an IMAP folder, ...</summary>
public interface IMailbox
{
    /// <summary>Says what this mailbox is, for summaries: "folder samples/inbox", "gmail me".</summary>
    string Description { get; }

    /// <summary>
    /// What this mailbox is however it was named (a folder's real path, a Gmail account's address): two runs with the same
    /// identity work on the same mail, so only one of them may label it at a time. Asked once per run.
    /// </summary>
    Task<string> IdentifyAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Opens the mailbox for one run: makes sure every configured label exists (nothing is created on a dry run) and that
    /// labels can be written, before any message is classified. The session keeps its own cursors in the run's state
    /// store. It holds all the run needs; dispose it at the end.
    /// </summary>
    Task<IMailboxSession> OpenAsync(MailboxRun run, CancellationToken cancellationToken);

    /// <summary>How <c>watch</c> learns that mail arrived: by default a look every <paramref name="pollInterval"/>.</summary>
    IMailWaiter CreateWaiter(TimeSpan pollInterval, TimeProvider time) => new PollingWaiter(pollInterval, time);
}
