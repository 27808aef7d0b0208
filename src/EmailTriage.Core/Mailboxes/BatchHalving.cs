namespace EmailTriage.Mailboxes;

/// <summary>
/// One odd message never holds back the others: a batch call (a fetch of 50, a label applied to a group) that fails is
/// made again for each half of the batch, and so on down to the single messages that fail alone, so a message a server or
/// a parser cannot take costs that message only. A message fails for good after its second failure, the last one alone
/// (a batch of one is tried twice): one failure may be the network's.
/// </summary>
public static class BatchHalving
{
    /// <summary>
    /// Calls <paramref name="attempt"/> for all of <paramref name="items"/>, then for the halves of any part that failed.
    /// An exception <paramref name="isPartFailure"/> does not accept (the server is not answering at all, say) ends it all
    /// and reaches the caller; the parts that succeeded by then have succeeded.
    /// </summary>
    /// <param name="maxFailedAttempts">
    /// Where each call is dear (a quota), how many failed calls the search for the items at fault may cost: one item at fault
    /// costs about log2 of the batch size plus two. Once spent, every item not done yet is reported failed.
    /// </param>
    /// <returns>Each item that failed for good, with the error of its last attempt, in the order of <paramref name="items"/>.</returns>
    public static async Task<IReadOnlyList<(T Item, Exception Error)>> RunAsync<T>(
        IReadOnlyList<T> items, Func<IReadOnlyList<T>, Task> attempt, Func<Exception, bool> isPartFailure, CancellationToken cancellationToken, int? maxFailedAttempts = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(isPartFailure);
        var failed = new List<(T Item, Exception Error)>();
        var parts = new Stack<(T[] Items, bool FailedBefore)>();
        if (items.Count > 0)
        {
            parts.Push(([.. items], false));
        }

        var failedAttempts = 0;
        while (parts.TryPop(out var part))
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await attempt(part.Items);
            }
            catch (Exception ex) when (isPartFailure(ex))
            {
                if (++failedAttempts >= maxFailedAttempts)
                {
                    // The stack enumerates from its top, the next part in order: the items stay in order.
                    failed.AddRange(part.Items.Concat(parts.SelectMany(p => p.Items)).Select(item => (item, ex)));
                    parts.Clear();
                }
                else if (part.Items.Length > 1)
                {
                    // The first half is tried first: the order of the batch is kept.
                    var half = part.Items.Length / 2;
                    parts.Push((part.Items[half..], true));
                    parts.Push((part.Items[..half], true));
                }
                else if (part.FailedBefore)
                {
                    failed.Add((part.Items[0], ex));
                }
                else
                {
                    parts.Push((part.Items, true));
                }
            }
        }

        return failed;
    }
}
