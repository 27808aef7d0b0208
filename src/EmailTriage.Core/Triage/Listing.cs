using System.Runtime.CompilerServices;
using EmailTriage.Mailboxes;

namespace EmailTriage.Triage;

/// <summary>The mailbox's new messages, cut at --max, counted as they are taken.</summary>
internal sealed class Listing(IMailbox mailbox, int? max)
{
    private int _taken;

    /// <summary>How many new messages this run had: what the mailbox says it listed, else what was taken.</summary>
    public int Total
    {
        get
        {
            var listed = Math.Max(mailbox.ListedCount ?? 0, Volatile.Read(ref _taken));
            return max is { } limit ? Math.Min(limit, listed) : listed;
        }
    }

    public async IAsyncEnumerable<MailboxItem> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // --max is checked before asking for the next message, so a mailbox that fetches ahead fetches no more.
        await using var messages = mailbox.ListNewAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (_taken != max && await messages.MoveNextAsync())
        {
            Interlocked.Increment(ref _taken);
            yield return messages.Current;
        }
    }
}
