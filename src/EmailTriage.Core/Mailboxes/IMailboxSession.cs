using EmailTriage.Filing;
using EmailTriage.Triage;

namespace EmailTriage.Mailboxes;

/// <summary>One run's use of a mailbox: its listing, the failures of that listing, and applying labels.</summary>
public interface IMailboxSession : IAsyncDisposable
{
    /// <summary>How soon decisions are written: a kill loses at most what waits in a group.</summary>
    LabelWriting Writing { get; }

    /// <summary>
    /// Messages that need triage: not triaged before and carrying none of the configured labels (a label the user set
    /// stands), at most <paramref name="max"/> of them. Only ids and a way to read each one; content is read when it is
    /// classified. A mailbox that fetches ahead stops, and waits for what it sent, when the caller stops reading.
    /// </summary>
    IAsyncEnumerable<MailboxItem> ListNewAsync(int? max, CancellationToken cancellationToken);

    /// <summary>How many new messages the listing in progress holds, once the mailbox knows (for progress and summaries).</summary>
    int? ListedCount { get; }

    /// <summary>New messages the listing found but could not hand over (a fetch that failed); they wait for the next run.</summary>
    IReadOnlyCollection<MessageFailure> ListingFailures { get; }

    /// <summary>Applies one label (and its action) to a group of messages and marks them triaged, durably; returns the ids that failed.</summary>
    Task<IReadOnlyCollection<string>> ApplyAsync(LabelGroup group, CancellationToken cancellationToken);

    /// <summary>What the user filed or corrected since the last run, when this mailbox can tell (it keeps the cursor in the run's state store); null when it cannot.</summary>
    IFilingFeedback? Filing { get; }

    /// <summary>The labels opening the run created (or a dry run would create) in the mailbox.</summary>
    LabelsInMailbox Labels => LabelsInMailbox.None;
}
