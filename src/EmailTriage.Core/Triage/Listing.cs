using System.Runtime.CompilerServices;
using EmailTriage.Mailboxes;

namespace EmailTriage.Triage;

/// <summary>The session's new messages, cut at --max, counted as they are taken.</summary>
internal sealed class Listing(IMailboxSession session, int? max)
{
    private int _taken;

    /// <summary>How many new messages this run had: what the mailbox says it listed, else what was taken.</summary>
    public int Total
    {
        get
        {
            var listed = Math.Max(session.ListedCount ?? 0, Volatile.Read(ref _taken));
            return max is { } limit ? Math.Min(limit, listed) : listed;
        }
    }

    public async IAsyncEnumerable<MailboxItem> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // --max goes to the mailbox too, so one that fetches ahead never fetches past it.
        await using var messages = session.ListNewAsync(max, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (_taken != max && await messages.MoveNextAsync())
        {
            Interlocked.Increment(ref _taken);
            yield return messages.Current;
        }
    }
}
