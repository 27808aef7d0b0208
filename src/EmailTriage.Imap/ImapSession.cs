using System.Globalization;
using System.Runtime.CompilerServices;
using EmailTriage.Labels;
using EmailTriage.Mailboxes;
using EmailTriage.State;
using EmailTriage.Triage;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using Microsoft.Extensions.Logging;

namespace EmailTriage.Imap;

/// <summary>
/// One run on an IMAP folder over one connection: the listing (UID SEARCH, then batched PEEK fetches) and applying labels
/// (a MOVE per label group, or one STORE of the label's keyword and the triaged marker). Message ids are UIDs.
/// </summary>
internal sealed partial class ImapSession : IMailboxSession
{
    private readonly ImapConnection _connection;
    private readonly ImapOptions _options;
    private readonly LabelConfig _labels;
    private readonly IReadOnlyDictionary<string, IMailFolder?> _folders;
    private readonly IMailFolder? _archive;
    private readonly bool _keywordsKept;
    private readonly IStateStore? _store;
    private readonly IStateStore? _filingStore;
    private readonly ImapTriagedState? _triaged;
    private readonly int _byteBudget;
    private readonly bool _dryRun;
    private readonly ILogger _logger;
    private readonly List<MessageFailure> _listingFailures = [];
    private readonly Dictionary<uint, string?> _messageIds = [];

    internal ImapSession(
        ImapConnection connection, ImapOptions options, LabelConfig labels, IReadOnlyDictionary<string, IMailFolder?> folders, IMailFolder? archive,
        bool keywordsKept, IStateStore? store, ImapTriagedState? triaged, int byteBudget, bool dryRun, ILogger logger, IStateStore? filingStore = null)
    {
        _connection = connection;
        _options = options;
        _labels = labels;
        _folders = folders;
        _archive = archive;
        _keywordsKept = keywordsKept;
        _store = store;
        _triaged = triaged;
        _filingStore = filingStore;
        _byteBudget = byteBudget;
        _dryRun = dryRun;
        _logger = logger;
    }

    /// <summary>Each group is one or two commands, so groups can be big; a kill loses at most a few seconds of decisions.</summary>
    public LabelWriting Writing { get; } = new(500, TimeSpan.FromSeconds(3));

    public int? ListedCount { get; private set; }

    public IReadOnlyCollection<MessageFailure> ListingFailures => _listingFailures;

    /// <summary>The folders the labels file into (folders mode), by label name; null where a dry run did not create one.</summary>
    internal IReadOnlyDictionary<string, IMailFolder?> LabelFolders => _folders;

    public async IAsyncEnumerable<MailboxItem> ListNewAsync(int? max, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        _listingFailures.Clear();
        var uids = await SearchAsync(cancellationToken);
        var handledIds = _triaged is null ? null : new HashSet<string>(_triaged.MessageIds, StringComparer.Ordinal);
        var candidates = max is { } limit ? uids.Take(limit).ToList() : uids;
        ListedCount = candidates.Count;
        var (yielded, skipped) = (0, 0);
        var chunks = candidates.Chunk(ImapMailbox.BatchSize).ToList();
        for (var c = 0; c < chunks.Count; c++)
        {
            var (fetched, unreadable, error) = await FetchAsync(chunks[c], cancellationToken);
            foreach (var message in fetched)
            {
                if (message.MessageId is { } messageId && handledIds?.Contains(messageId) == true)
                {
                    // Triaged before a UIDVALIDITY change gave it a new UID: the Message-ID tells.
                    skipped++;
                    ListedCount--;
                    continue;
                }

                _messageIds[message.Uid.Id] = message.MessageId;
                yielded++;
                yield return MailboxItem.FromBytes(Id(message.Uid), message.Content);
            }

            foreach (var (uid, reason) in unreadable)
            {
                // What any unreadable message gets: the label file's fallback, or, without one, left with its reason.
                _messageIds[uid.Id] = null;
                yielded++;
                yield return ImapUnreadableMessage.Item(Id(uid), $"could not be fetched from {_connection.Where}, even alone ({reason})");
            }

            var handedOver = fetched.Select(m => m.Uid).Concat(unreadable.Select(u => u.Uid)).ToHashSet();
            if (error is not null)
            {
                // The rest waits for the next run: the server is not answering (a reconnect failed), or failed every fetch of the batch.
                var left = chunks[c].Where(u => !handedOver.Contains(u)).Concat(chunks.Skip(c + 1).SelectMany(u => u)).ToList();
                _listingFailures.AddRange(left.Select(u => new MessageFailure(Id(u), $"could not be fetched from {_connection.Where} ({error}); left for the next run")));
                LogListingStopped(_logger, left.Count, error);
                yield break;
            }

            foreach (var missing in chunks[c].Where(u => !handedOver.Contains(u)))
            {
                // Expunged by another client since the search: nothing to triage.
                skipped++;
                ListedCount--;
                LogGone(_logger, missing.Id);
            }
        }

        LogFetchedAll(_logger, yielded, uids.Count, skipped);
    }

    public async Task<IReadOnlyCollection<string>> ApplyAsync(LabelGroup group, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        var ids = group.Messages.Select(m => m.Id).Distinct(StringComparer.Ordinal).ToList();
        if (_dryRun)
        {
            throw new InvalidOperationException("A dry run writes no labels.");
        }

        var uids = ids.Select(id => new UniqueId(_connection.UidValidity, uint.Parse(id, CultureInfo.InvariantCulture))).ToList();
        var mode = _options.EffectiveLabelMode;
        IMailFolder? target = mode == ImapLabelMode.Folders ? _folders.GetValueOrDefault(group.Label) : group.Action == LabelAction.Archive ? _archive : null;
        if (mode == ImapLabelMode.Folders && target is null)
        {
            LogUnknownLabel(_logger, group.Label, ids.Count);
            return ids;
        }

        // A group that fails is labelled again in halves, down to the message at fault, so the rest are labelled. A MOVE cut
        // off may have been done by the server: then moving it again finds nothing to move, and the message is labelled once.
        var done = new List<UniqueId>();
        IReadOnlyList<(UniqueId Item, Exception Error)> failed;
        string? stopped = null;
        try
        {
            failed = await BatchHalving.RunAsync(
                uids,
                async part =>
                {
                    try
                    {
                        await LabelAsync(part, group.Label, mode, target, cancellationToken);
                        done.AddRange(part);
                    }
                    catch (Exception ex) when (ImapErrors.IsCallFailure(ex, cancellationToken))
                    {
                        LogApplyFailed(_logger, group.Label, part.Count, ImapErrors.Describe(ex));
                        throw;
                    }
                },
                ex => ImapErrors.IsCallFailure(ex, cancellationToken),
                cancellationToken);
        }
        catch (MailboxUnavailableException ex)
        {
            // The server stopped answering (or the folder changed under the run): what is not done waits for the next run.
            stopped = ImapErrors.Describe(ex);
            failed = [];
        }

        var left = uids.Except(done).ToList();
        if (stopped is not null)
        {
            LogApplyStopped(_logger, group.Label, left.Count, stopped);
        }

        foreach (var (uid, error) in failed)
        {
            LogApplyRefused(_logger, group.Label, uid.Id, ImapErrors.Describe(error));
        }

        if (done.Count > 0)
        {
            LogApplied(_logger, group.Label, done.Count, target?.FullName ?? "-");
            if (_store is not null && _triaged is not null)
            {
                await RememberAsync(done, cancellationToken);
            }

            await RecordFiledAsync(done, group.Label, cancellationToken);
        }

        return [.. left.Select(Id)];
    }

    private Task<bool> LabelAsync(IReadOnlyList<UniqueId> part, string label, ImapLabelMode mode, IMailFolder? target, CancellationToken cancellationToken) =>
        _connection.UseAsync(async (client, folder) =>
        {
            if (mode == ImapLabelMode.Keywords)
            {
                // One STORE sets the label and the marker together: a message never has one without the other.
                await folder.StoreAsync([.. part], new StoreFlagsRequest(StoreAction.Add, [ImapKeywords.Of(label), ImapKeywords.Triaged]) { Silent = true }, cancellationToken);
            }

            if (target is not null)
            {
                await MoveAsync(client, folder, [.. part], target, cancellationToken);
            }

            return true;
        }, cancellationToken);

    // Without MOVE: COPY (of what the target does not have yet), flag \Deleted, and UID EXPUNGE of exactly those UIDs, which needs UIDPLUS. Without UIDPLUS a plain
    // EXPUNGE would also remove what the user marked deleted, so the originals stay flagged \Deleted (and out of every
    // listing) for the user's client to expunge.
    private async Task MoveAsync(ImapClient client, IMailFolder folder, List<UniqueId> uids, IMailFolder target, CancellationToken cancellationToken)
    {
        if (client.Capabilities.HasFlag(ImapCapabilities.Move))
        {
            await folder.MoveToAsync(uids, target, cancellationToken);
            return;
        }

        // A COPY whose answer a dropped connection lost may have been done: what the target has already is not copied again.
        var copied = await MessageIdsInAsync(target, uids, cancellationToken);
        await folder.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
        if (folder.UidValidity != _connection.UidValidity)
        {
            throw new ImapProtocolException($"the folder's UIDVALIDITY changed from {_connection.UidValidity} to {folder.UidValidity} during the run");
        }

        var toCopy = uids.Where(u => _messageIds.GetValueOrDefault(u.Id) is not { } id || !copied.Contains(id)).ToList();
        if (toCopy.Count > 0)
        {
            await folder.CopyToAsync(toCopy, target, cancellationToken);
        }

        await folder.StoreAsync(uids, new StoreFlagsRequest(StoreAction.Add, MessageFlags.Deleted) { Silent = true }, cancellationToken);
        if (client.Capabilities.HasFlag(ImapCapabilities.UidPlus))
        {
            await folder.ExpungeAsync(uids, cancellationToken);
        }
        else
        {
            LogLeftDeleted(_logger, uids.Count, _connection.Where);
        }
    }

    // Selects the target (read-only) to look for the Message-IDs; the caller selects its folder again.
    private async Task<HashSet<string>> MessageIdsInAsync(IMailFolder target, List<UniqueId> uids, CancellationToken cancellationToken)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var wanted = uids.Select(u => _messageIds.GetValueOrDefault(u.Id)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0)
        {
            return found;
        }

        await target.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
        foreach (var chunk in wanted.Chunk(ImapMailbox.BatchSize))
        {
            var query = chunk.Select(id => (SearchQuery)SearchQuery.HeaderContains("Message-ID", id)).Aggregate(SearchQuery.Or);
            var matches = await target.SearchAsync(query, cancellationToken);
            if (matches.Count > 0)
            {
                var envelopes = await target.FetchAsync(matches, new FetchRequest(MessageSummaryItems.UniqueId | MessageSummaryItems.Envelope), cancellationToken);
                found.UnionWith(ImapMessageFetcher.Asked(envelopes, matches).Select(e => e.Envelope?.MessageId).OfType<string>().Where(chunk.Contains));
            }
        }

        return found;
    }

    private async Task<IList<UniqueId>> SearchAsync(CancellationToken cancellationToken)
    {
        // Deleted ones are on their way out (or copied already, on a server without UIDPLUS); keywords: ours and the labels'.
        SearchQuery query = SearchQuery.NotDeleted;
        if (_connection.Folder.PermanentFlags.HasFlag(MessageFlags.UserDefined))
        {
            query = query.And(SearchQuery.NotKeyword(ImapKeywords.Triaged));
            foreach (var label in _labels.AllNames)
            {
                query = query.And(SearchQuery.NotKeyword(ImapKeywords.Of(label)));
            }
        }

        try
        {
            var found = await _connection.UseAsync((_, folder) => folder.SearchAsync(query, cancellationToken), cancellationToken);
            if (_triaged is not null && _triaged.UidValidity == _connection.UidValidity)
            {
                var handled = _triaged.Uids.ToHashSet();
                return [.. found.Where(u => !handled.Contains(u.Id))];
            }

            return [.. found];
        }
        catch (Exception ex) when (ImapErrors.IsCallFailure(ex, cancellationToken))
        {
            throw new MailboxUnavailableException(
                $"The IMAP server {_connection.Where} could not search IMAP_FOLDER '{_options.EffectiveFolder}' ({ImapErrors.Describe(ex)}). Nothing was changed; the next run tries again.", ex);
        }
    }

    /// <summary>
    /// One batch of the listing. A fetch that fails is made again for each half, down to the message at fault (a header
    /// MailKit's parser refuses, say), so one odd message never holds back the others; <c>Error</c> is set when the server
    /// stopped answering (a reconnect failed), and what was fetched by then is still handed over.
    /// </summary>
    private async Task<(List<ImapFetchedMessage> Fetched, List<(UniqueId Uid, string Reason)> Unreadable, string? Error)> FetchAsync(UniqueId[] chunk, CancellationToken cancellationToken)
    {
        var fetched = new List<ImapFetchedMessage>();
        try
        {
            var failed = await BatchHalving.RunAsync(
                chunk,
                async part =>
                {
                    try
                    {
                        fetched.AddRange(await _connection.UseAsync((_, folder) => ImapMessageFetcher.FetchAsync(folder, [.. part], _byteBudget, cancellationToken), cancellationToken));
                    }
                    catch (Exception ex) when (ImapErrors.IsCallFailure(ex, cancellationToken))
                    {
                        LogFetchFailed(_logger, part.Count, part[0].Id, ImapErrors.Describe(ex));
                        throw;
                    }
                },
                ex => ImapErrors.IsCallFailure(ex, cancellationToken),
                cancellationToken);
            if (fetched.Count == 0 && failed.Count > 1)
            {
                // Not one message of the batch could be fetched, even alone: that is the server failing, not the messages,
                // and handing them over unread would file every one under the fallback.
                return (fetched, [], $"every fetch of the batch failed, one message at a time too: {ImapErrors.Describe(failed[^1].Error)}");
            }

            foreach (var (uid, ex) in failed)
            {
                LogUnreadable(_logger, uid.Id, ImapErrors.Describe(ex));
            }

            return (fetched, [.. failed.Select(f => (f.Item, ImapErrors.Describe(f.Error)))], null);
        }
        catch (MailboxUnavailableException ex)
        {
            return (fetched, [], ImapErrors.Describe(ex));
        }
    }

    private async Task RememberAsync(IReadOnlyList<UniqueId> uids, CancellationToken cancellationToken)
    {
        // UIDs of another UIDVALIDITY name other messages now and are dropped; the Message-IDs stay (bounded).
        _triaged!.Remember(_connection.UidValidity, uids.Select(u => u.Id), uids.Select(u => _messageIds.GetValueOrDefault(u.Id)).OfType<string>());
        try
        {
            await ImapTriagedStateFile.WriteAsync(_store!, _triaged, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The labels are on the server; what is lost is only the memory of it for messages that stayed in the folder.
            LogStateNotWritten(_logger, _store!.Description, ex.Message);
        }
    }

    private static string Id(UniqueId uid) => uid.Id.ToString(CultureInfo.InvariantCulture);

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    [LoggerMessage(Level = LogLevel.Information, Message = "IMAP fetched {Fetched} of {Count} candidates; {Skipped} were gone or triaged before under another UIDVALIDITY")]
    private static partial void LogFetchedAll(ILogger logger, int fetched, int count, int skipped);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopped fetching from the IMAP server for this run ({Error}); {Left} messages are left for the next run")]
    private static partial void LogListingStopped(ILogger logger, int left, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An IMAP fetch of {Count} messages from UID {First} failed ({Error}); fetching them in halves so the message at fault holds back no other")]
    private static partial void LogFetchFailed(ILogger logger, int count, uint first, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "IMAP message UID {Uid} could not be fetched, even alone ({Error}); it is handed over unread, so it gets the label file's fallback")]
    private static partial void LogUnreadable(ILogger logger, uint uid, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "IMAP message UID {Uid} was expunged before it could be fetched")]
    private static partial void LogGone(ILogger logger, uint uid);

    [LoggerMessage(Level = LogLevel.Information, Message = "IMAP label {Label} applied to {Count} messages (moved to {Folder})")]
    private static partial void LogApplied(ILogger logger, string label, int count, string folder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Applying IMAP label {Label} to {Count} messages failed ({Error}); labelling them again in halves so the message at fault holds back no other")]
    private static partial void LogApplyFailed(ILogger logger, string label, int count, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "IMAP label {Label} could not be applied to message UID {Uid}, even alone ({Error}); it is left for the next run")]
    private static partial void LogApplyRefused(ILogger logger, string label, uint uid, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopped applying IMAP label {Label} ({Error}); {Count} messages are left for the next run")]
    private static partial void LogApplyStopped(ILogger logger, string label, int count, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "IMAP label {Label} has no folder, so {Count} messages are left for the next run")]
    private static partial void LogUnknownLabel(ILogger logger, string label, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} messages were copied and flagged as deleted; {Server} has neither MOVE nor UIDPLUS, so your mail client's expunge removes the originals")]
    private static partial void LogLeftDeleted(ILogger logger, int count, string server);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the triaged messages in {Store} ({Error}); the labels are applied")]
    private static partial void LogStateNotWritten(ILogger logger, string store, string error);
}
