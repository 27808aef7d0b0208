using System.Runtime.CompilerServices;
using EmailTriage.Filing;
using EmailTriage.Mailboxes;
using EmailTriage.State;
using MailKit;
using MailKit.Search;
using Microsoft.Extensions.Logging;

namespace EmailTriage.Imap;

/// <summary>
/// What the user filed or corrected, for learning (folders mode): the messages that arrived in a label folder since the last
/// run. One the app filed under another label is a correction, one it never filed is the user's own filing, one it filed
/// there itself teaches nothing. Only arrivals are read (UID SEARCH above the folder's last UIDNEXT, then PEEK fetches), so
/// a run costs an EXAMINE per label folder when nothing moved. The first look at a folder, or one whose UIDVALIDITY changed,
/// starts from now: filing from before is what <c>learn --mailbox imap</c> reads.
/// </summary>
public sealed partial class ImapSession : IFilingFeedback
{
    private ImapFilingState? _filing;
    private Dictionary<string, ImapFolderCursor>? _readUpTo;

    /// <summary>Reads from the mailbox's own state store (the one <paramref name="state"/> names for a mailbox's model).</summary>
    public async IAsyncEnumerable<FilingEvent> ReadFilingAsync(IStateStore state, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (_options.EffectiveLabelMode != ImapLabelMode.Folders || _filingStore is null)
        {
            yield break;
        }

        var filing = await FilingStateAsync(cancellationToken);
        var readUpTo = new Dictionary<string, ImapFolderCursor>(filing.Folders, StringComparer.Ordinal);
        List<FilingEvent> events;
        try
        {
            events = await _connection.UseAsync(async (_, inbox) =>
            {
                var found = new List<FilingEvent>();
                foreach (var (label, folder) in _folders)
                {
                    if (folder is not null)
                    {
                        await ReadArrivalsAsync(label, folder, filing, readUpTo, found, cancellationToken);
                    }
                }

                // Back to the triaged folder, read-write, for the rest of the run.
                await inbox.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
                return found;
            }, cancellationToken);
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

    public async Task CommitFilingAsync(IStateStore state, CancellationToken cancellationToken)
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
        await folder.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
        var now = new ImapFolderCursor(folder.UidValidity, folder.UidNext?.Id ?? 1);
        var was = readUpTo.GetValueOrDefault(folder.FullName);
        readUpTo[folder.FullName] = now;
        if (was is null || was.UidValidity != now.UidValidity || was.NextUid >= now.NextUid)
        {
            return;
        }

        var arrived = await folder.SearchAsync(SearchQuery.Uids(new UniqueIdRange(now.UidValidity, was.NextUid, now.NextUid - 1)), cancellationToken);
        foreach (var batch in arrived.Chunk(ImapMailbox.BatchSize))
        {
            foreach (var message in await ImapMessageFetcher.FetchAsync(folder, batch, _byteBudget, cancellationToken))
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

                var content = message.Content;
                var item = new MailboxItem($"{folder.FullName}:{message.Uid.Id}", _ => Task.FromResult<Stream>(new MemoryStream(content, writable: false)));
                found.Add(new FilingEvent(item, label, ours is null ? FilingKind.Filed : FilingKind.Corrected));
                LogFiling(_logger, ours is null ? "filed by hand" : $"moved by the user from {ours}", label);
            }
        }
    }

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read what was filed in the IMAP label folders ({Error}); the next run reads it")]
    private static partial void LogFilingUnread(ILogger logger, string error);
}
