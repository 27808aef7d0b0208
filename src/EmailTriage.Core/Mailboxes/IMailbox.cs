using EmailTriage.Labels;
using EmailTriage.Triage;

namespace EmailTriage.Mailboxes;

/// <summary>Where mail comes from and where labels go: a folder of .eml/.mbox files, Gmail, ...</summary>
public interface IMailbox
{
    /// <summary>Says what this mailbox is, for summaries: "folder samples/inbox", "gmail me".</summary>
    string Description { get; }

    /// <summary>Makes sure every configured label exists (nothing is created on a dry run).</summary>
    Task PrepareAsync(LabelConfig labels, bool dryRun, CancellationToken cancellationToken);

    /// <summary>
    /// Messages that need triage: not triaged before and carrying none of the configured labels (a label
    /// the user set stands). Only ids and a way to read each one; content is read when it is classified.
    /// </summary>
    IAsyncEnumerable<MailboxItem> ListNewAsync(CancellationToken cancellationToken);

    /// <summary>How many new messages the listing in progress holds, once the mailbox knows (for progress and summaries).</summary>
    int? ListedCount => null;

    /// <summary>New messages the listing found but could not hand over (a fetch that failed); they wait for the next run.</summary>
    IReadOnlyCollection<MessageFailure> ListingFailures => [];

    /// <summary>Applies one label (and its action) to a group of messages and marks them triaged; returns the ids that failed.</summary>
    Task<IReadOnlyCollection<string>> ApplyAsync(LabelGroup group, CancellationToken cancellationToken);
}
