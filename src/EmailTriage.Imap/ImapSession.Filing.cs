using System.Runtime.CompilerServices;
using EmailTriage.Filing;
using EmailTriage.Mailboxes;
using EmailTriage.State;
using MailKit;
using MailKit.Search;
using Microsoft.Extensions.Logging;

namespace EmailTriage.Imap;

/// <summary>
/// What the user filed or corrected, for learning. Folders mode: the messages that arrived in a label folder since the last
/// run. One the app filed under another label is a correction, one it never filed is the user's own filing, one it filed
/// there itself teaches nothing. Only arrivals are read (UID SEARCH above the folder's last UIDNEXT, then PEEK fetches), so
/// a run costs an EXAMINE per label folder when nothing moved. The first look at a folder, or one whose UIDVALIDITY changed,
/// starts from now: filing from before is what <c>learn --mailbox imap</c> reads. Keywords mode: see
/// <see cref="ReadKeywordChangesAsync"/>.
/// </summary>
internal sealed partial class ImapSession : IFilingFeedback
{
    private ImapFilingState? _filing;
    private Dictionary<string, ImapFolderCursor>? _readUpTo;

    /// <summary>Null on a dry run: the cursors stay where they are.</summary>
    public IFilingFeedback? Filing => _filingStore is null ? null : this;

    /// <summary>Keeps its cursors in the state store the run was opened with.</summary>
    public async IAsyncEnumerable<FilingEvent> ReadFilingAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (_filingStore is null)
        {
            yield break;
        }

        var filing = await FilingStateAsync(cancellationToken);
        var readUpTo = new Dictionary<string, ImapFolderCursor>(filing.Folders, StringComparer.Ordinal);
        var events = new List<FilingEvent>();
        try
        {
            if (_options.EffectiveLabelMode == ImapLabelMode.Keywords)
            {
                await ReadKeywordChangesAsync(filing, readUpTo, events, cancellationToken);
            }
            else
            {
                foreach (var (label, folder) in _folders)
                {
                    if (folder is not null)
                    {
                        await ReadArrivalsAsync(label, folder, filing, readUpTo, events, cancellationToken);
                    }
                }

                // Back to the triaged folder, read-write, for the rest of the run.
                await _connection.UseAsync(async (_, inbox) =>
                {
                    await inbox.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
                    return true;
                }, cancellationToken, elsewhere: true);
            }
        }
        catch (Exception ex) when (ImapErrors.IsCallFailure(ex, cancellationToken) || ex is MailboxUnavailableException)
        {
            // Nothing is lost: the cursors did not move, so the next run reads the same arrivals.
            LogFilingUnread(_logger, ImapErrors.Describe(ex));
            yield break;
        }

        _readUpTo = readUpTo;
        foreach (var filed in events)
        {
            yield return filed;
        }
    }

    public async Task CommitFilingAsync(CancellationToken cancellationToken)
    {
        if (_readUpTo is null || _filing is null || _filingStore is null)
        {
            return;
        }

        _filing.Folders = _readUpTo;
        await _filing.WriteAsync(_filingStore, cancellationToken);
    }

    private async Task ReadArrivalsAsync(
        string label, IMailFolder folder, ImapFilingState filing, Dictionary<string, ImapFolderCursor> readUpTo, List<FilingEvent> found, CancellationToken cancellationToken)
    {
        var (now, arrived) = await _connection.UseAsync(async (_, _) =>
        {
            await folder.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
            var now = new ImapFolderCursor(folder.UidValidity, folder.UidNext?.Id ?? 1);
            var was = readUpTo.GetValueOrDefault(folder.FullName);
            return was is null || was.UidValidity != now.UidValidity || was.NextUid >= now.NextUid
                ? (now, [])
                : (now, await folder.SearchAsync(SearchQuery.Uids(new UniqueIdRange(now.UidValidity, was.NextUid, now.NextUid - 1)), cancellationToken));
        }, cancellationToken, elsewhere: true);
        readUpTo[folder.FullName] = now;
        foreach (var message in await FetchForFeedbackAsync(folder, now.UidValidity, arrived, cancellationToken))
        {
            var ours = message.MessageId is { } id ? filing.LabelOf(id) : null;
            if (ours is not null && string.Equals(ours, label, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (message.MessageId is { } moved)
            {
                filing.Record(moved, label);
            }

            var item = MailboxItem.FromBytes($"{folder.FullName}:{message.Uid.Id}", message.Content);
            found.Add(new FilingEvent(item, label, ours is null ? FilingKind.Filed : FilingKind.Corrected));
            LogFiling(_logger, ours is null ? "filed by hand" : $"moved by the user from {ours}", label);
        }
    }

    /// <summary>
    /// Keywords mode: a message the app tagged (it carries the triaged marker) whose label keyword the user swapped for
    /// another label's is a correction. With CONDSTORE only messages changed since the last run's MODSEQ are looked at;
    /// without it, the flags of every triaged message (one FETCH, no content).
    /// </summary>
    private async Task ReadKeywordChangesAsync(ImapFilingState filing, Dictionary<string, ImapFolderCursor> readUpTo, List<FilingEvent> found, CancellationToken cancellationToken)
    {
        var tagged = await _connection.UseAsync(async (client, folder) =>
        {
            var condStore = client.Capabilities.HasFlag(MailKit.Net.Imap.ImapCapabilities.CondStore);
            var was = readUpTo.GetValueOrDefault(folder.FullName);
            ulong? now = condStore && folder.HighestModSeq > 0 ? folder.HighestModSeq : null;
            readUpTo[folder.FullName] = new ImapFolderCursor(folder.UidValidity, folder.UidNext?.Id ?? 1, now);
            SearchQuery query = SearchQuery.HasKeyword(ImapKeywords.Triaged);
            if (now is not null && was is { ModSeq: { } since } && was.UidValidity == folder.UidValidity)
            {
                if (since >= now)
                {
                    return [];
                }

                query = query.And(SearchQuery.ChangedSince(since));
            }

            return await folder.SearchAsync(query, cancellationToken);
        }, cancellationToken);
        if (tagged.Count == 0)
        {
            return;
        }

        // Flags and envelopes in batches: one message whose envelope cannot be read (a 200 KB header) teaches nothing, and
        // must not keep the others from teaching.
        var keywords = _labels.AllNames.ToDictionary(ImapKeywords.Of, l => l, StringComparer.OrdinalIgnoreCase);
        var changed = new List<(UniqueId Uid, string Label, string Was)>();
        foreach (var batch in tagged.Chunk(ImapMailbox.BatchSize))
        {
            var unread = await BatchHalving.RunAsync(
                batch,
                async part =>
                {
                    var summaries = await _connection.UseAsync((_, folder) =>
                        folder.FetchAsync([.. part], new FetchRequest(MessageSummaryItems.UniqueId | MessageSummaryItems.Flags | MessageSummaryItems.Envelope), cancellationToken), cancellationToken);
                    foreach (var summary in ImapMessageFetcher.Asked(summaries, part))
                    {
                        var labels = summary.Keywords.Select(k => keywords.GetValueOrDefault(k)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
                        if (summary.Envelope?.MessageId is { } id && filing.LabelOf(id) is { } ours && labels.Count == 1 && !string.Equals(labels[0], ours, StringComparison.OrdinalIgnoreCase))
                        {
                            filing.Record(id, labels[0]);
                            changed.Add((summary.UniqueId, labels[0], ours));
                        }
                    }
                },
                ex => ImapErrors.IsCallFailure(ex, cancellationToken),
                cancellationToken);
            foreach (var (uid, error) in unread)
            {
                LogFeedbackUnreadable(_logger, uid.Id, _options.EffectiveFolder, ImapErrors.Describe(error));
            }
        }

        if (changed.Count == 0)
        {
            return;
        }

        var contents = (await FetchForFeedbackAsync(null, _connection.UidValidity, [.. changed.Select(c => c.Uid)], cancellationToken)).ToDictionary(m => m.Uid);
        foreach (var (uid, label, ours) in changed.Where(c => contents.ContainsKey(c.Uid)))
        {
            found.Add(new FilingEvent(MailboxItem.FromBytes(Id(uid), contents[uid].Content), label, FilingKind.Corrected));
            LogRetagged(_logger, ours, label);
        }
    }

    /// <summary>What the feedback fetches; a message that cannot be fetched even alone is left out (logged): it teaches nothing.</summary>
    private Task<List<ImapFetchedMessage>> FetchForFeedbackAsync(IMailFolder? folder, uint uidValidity, IList<UniqueId> uids, CancellationToken cancellationToken) =>
        ImapMessageFetcher.FetchEachAsync(
            _connection, folder, uidValidity, uids, _byteBudget, (uid, error) => LogFeedbackUnreadable(_logger, uid.Id, folder?.FullName ?? _options.EffectiveFolder, error), cancellationToken);

    /// <summary>Records what this run filed, by Message-ID, so its arrival in the label folder is not taken for the user's filing.</summary>
    private async Task RecordFiledAsync(IReadOnlyList<UniqueId> uids, string label, CancellationToken cancellationToken)
    {
        if (_filingStore is null)
        {
            return;
        }

        var filing = await FilingStateAsync(cancellationToken);
        foreach (var id in uids.Select(u => _messageIds.GetValueOrDefault(u.Id)).OfType<string>())
        {
            filing.Record(id, label);
        }

        try
        {
            await filing.WriteAsync(_filingStore, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The labels are on the server; what is lost is that these are ours, so a move by the user teaches less.
            LogStateNotWritten(_logger, _filingStore.Description, ex.Message);
        }
    }

    private async Task<ImapFilingState> FilingStateAsync(CancellationToken cancellationToken) =>
        _filing ??= await ImapFilingState.ReadAsync(_filingStore!, cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Learning from the IMAP label folders: a message {How} to {Label}")]
    private static partial void LogFiling(ILogger logger, string how, string label);

    [LoggerMessage(Level = LogLevel.Information, Message = "Learning from the IMAP keywords: a message re-tagged by the user from {From} to {Label}")]
    private static partial void LogRetagged(ILogger logger, string from, string label);

    [LoggerMessage(Level = LogLevel.Warning, Message = "IMAP message UID {Uid} in {Folder} could not be fetched for learning, even alone ({Error}); it teaches nothing")]
    private static partial void LogFeedbackUnreadable(ILogger logger, uint uid, string folder, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read what was filed in the IMAP label folders ({Error}); the next run reads it")]
    private static partial void LogFilingUnread(ILogger logger, string error);
}
