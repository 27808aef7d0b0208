using EmailTriage.Mailboxes;
using MailKit;
using MailKit.Net.Imap;

namespace EmailTriage.Imap;

/// <summary>
/// Fetches a batch of messages cheaply: one FETCH for sizes and envelopes, one for every message that fits the budget
/// whole, and a partial <c>BODY.PEEK[]&lt;0.budget&gt;</c> for each bigger one, so a 20 MB attachment costs its first
/// bytes only. Every fetch is a PEEK: nothing is marked \Seen.
/// </summary>
internal static class ImapMessageFetcher
{
    /// <summary>Room for the headers (Received chains and DKIM signatures run to kilobytes) before the text starts.</summary>
    public const int HeaderAllowance = 16 * 1024;

    /// <summary>
    /// Bytes fetched for a body budget of <paramref name="maxBodyChars"/> characters: base64 and quoted-printable text and
    /// HTML markup take several bytes per character the reader keeps.
    /// </summary>
    public static int ByteBudget(int maxBodyChars) => HeaderAllowance + (4 * maxBodyChars);

    public static async Task<IReadOnlyList<ImapFetchedMessage>> FetchAsync(IMailFolder folder, IList<UniqueId> uids, int byteBudget, CancellationToken cancellationToken)
    {
        var summaries = Asked(await folder.FetchAsync(uids, new FetchRequest(MessageSummaryItems.UniqueId | MessageSummaryItems.Size | MessageSummaryItems.Envelope), cancellationToken), uids);
        var contents = new Dictionary<UniqueId, byte[]>();
        var whole = summaries.Where(s => s.Size is { } size && size <= byteBudget).Select(s => s.UniqueId).ToList();
        if (whole.Count > 0 && folder is ImapFolder imap)
        {
            var asked = whole.ToHashSet();
            await imap.GetStreamsAsync(whole, async (_, _, uid, stream, token) =>
            {
                var bytes = await ReadAllAsync(stream, token);
                if (asked.Contains(uid))
                {
                    contents[uid] = bytes;
                }
            }, cancellationToken);
        }

        foreach (var summary in summaries.Where(s => !contents.ContainsKey(s.UniqueId)))
        {
            await using var stream = await folder.GetStreamAsync(summary.UniqueId, 0, byteBudget, cancellationToken);
            contents[summary.UniqueId] = await ReadAllAsync(stream, cancellationToken);
        }

        return [.. summaries.Where(s => contents.ContainsKey(s.UniqueId)).Select(s => new ImapFetchedMessage(s.UniqueId, s.Envelope?.MessageId, contents[s.UniqueId]))];
    }

    /// <summary>
    /// The messages of <paramref name="folder"/> (null: the triaged folder) in batches over <paramref name="connection"/>; a
    /// batch that fails is fetched again in halves, so a message that cannot be fetched even alone (a header MailKit's
    /// parser refuses) is left out, told to <paramref name="unreadable"/>, and holds back no other. A folder other than the
    /// triaged one is opened read-only again after a reconnect, and refused if its UIDVALIDITY is no longer
    /// <paramref name="uidValidity"/>; the caller selects the triaged folder again when done.
    /// </summary>
    public static async Task<List<ImapFetchedMessage>> FetchEachAsync(
        ImapConnection connection, IMailFolder? folder, uint uidValidity, IList<UniqueId> uids, int byteBudget, Action<UniqueId, string> unreadable, CancellationToken cancellationToken)
    {
        var fetched = new List<ImapFetchedMessage>();
        foreach (var batch in uids.Chunk(ImapMailbox.BatchSize))
        {
            var failed = await BatchHalving.RunAsync(
                batch,
                async part => fetched.AddRange(await connection.UseAsync(async (_, triaged) =>
                {
                    var from = folder ?? triaged;
                    if (!from.IsOpen)
                    {
                        await from.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
                    }

                    return from.UidValidity == uidValidity
                        ? await FetchAsync(from, [.. part], byteBudget, cancellationToken)
                        : throw new MailboxUnavailableException($"The IMAP folder '{from.FullName}' changed its UIDVALIDITY while it was read; the next run reads it afresh.");
                }, cancellationToken, elsewhere: folder is not null)),
                ex => ImapErrors.IsCallFailure(ex, cancellationToken),
                cancellationToken);
            foreach (var (uid, error) in failed)
            {
                unreadable(uid, ImapErrors.Describe(error));
            }
        }

        return fetched;
    }

    /// <summary>
    /// The summaries of the messages asked for, each once. The server also reports, inside its answer, what other clients
    /// changed meanwhile (unsolicited FETCH, RFC 3501 section 7): MailKit hands those over as summaries too, of messages
    /// not asked for and without the items asked for, often without a UID.
    /// </summary>
    public static List<IMessageSummary> Asked(IEnumerable<IMessageSummary> summaries, IEnumerable<UniqueId> asked)
    {
        var wanted = asked.ToHashSet();
        return [.. summaries.Where(s => s.UniqueId.IsValid && wanted.Remove(s.UniqueId))];
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, cancellationToken);
        return copy.ToArray();
    }
}
