using System.Net;
using System.Runtime.CompilerServices;
using EmailTriage.Filing;
using EmailTriage.Gmail.Api;
using EmailTriage.Labels;
using EmailTriage.Mailboxes;
using EmailTriage.State;
using Google;
using Google.Apis.Util;
using Microsoft.Extensions.Logging;

namespace EmailTriage.Gmail.Filing;

/// <summary>
/// What the user filed or corrected in Gmail since the last commit, read from users.history.list (labelAdded and
/// labelRemoved) after the history id kept in <c>gmail-history.json</c>. Conservative by design, because a wrong
/// correction outweighs anything the app decided:
/// <list type="bullet">
/// <item>Only a configured label added by something other than our own batchModify (which adds the marker in the same
/// change) is the user's act. A removal alone teaches nothing. What this session applied is also remembered at commit,
/// so our own label is known even if Gmail ever recorded the label and the marker as two changes.</item>
/// <item>A message is judged by where it ended up within the read: it must carry exactly one configured label (two or
/// more: skipped, no guess), and that label must be one the user added within the read. The last label wins, and a
/// message gives at most one event per read.</item>
/// <item>Corrected when the app's label for the message is known (applied within the read, or kept in the state item:
/// what the app applied or the user's last correction) and differs; the same label again is nothing. Filed
/// otherwise: an untriaged message labelled by hand, or a triaged one whose app label is no longer remembered.</item>
/// <item>An expired history id (404) means one full scan of the triaged messages (marker and one configured label),
/// reporting those whose label differs from the remembered one as Corrected; filing by hand in the gap is not
/// recovered (<c>learn</c> trains on all filed mail).</item>
/// </list>
/// Nothing is kept until <see cref="CommitAsync"/>: a kill before it reads the same events again.
/// </summary>
internal sealed partial class GmailFilingFeedback
{
    private static readonly string[] HistoryTypes = [ListHistoryRequest.LabelAdded, ListHistoryRequest.LabelRemoved];

    private readonly GmailApi _api;
    private readonly GmailOptions _options;
    private readonly GmailMessageReader _reader;
    private readonly ILogger _logger;
    private readonly string? _markerId;

    // Configured label id -> its name in the label config.
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly GmailAppliedLabels _appliedThisRun = new();
    private (ulong HistoryId, GmailAppliedLabels Applied)? _pending;

    public GmailFilingFeedback(GmailApi api, GmailOptions options, LabelConfig labels, IReadOnlyDictionary<string, string> labelIds, GmailMessageReader reader, ILogger logger)
    {
        _api = api;
        _options = options;
        _reader = reader;
        _logger = logger;
        _markerId = labelIds.GetValueOrDefault(GmailMailbox.MarkerLabel);
        foreach (var name in labels.AllNames)
        {
            if (labelIds.TryGetValue(name, out var id))
            {
                _names.TryAdd(id, name);
            }
        }
    }

    /// <summary>Remembers what this run applied, kept with the next commit (history shows it to the next read too).</summary>
    public void Applied(IEnumerable<string> messageIds, string labelId)
    {
        if (!_names.TryGetValue(labelId, out var label))
        {
            return;
        }

        lock (_gate)
        {
            foreach (var id in messageIds)
            {
                _appliedThisRun.Set(id, label);
            }
        }
    }

    public async IAsyncEnumerable<FilingEvent> ReadAsync(IStateStore state, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        (ulong HistoryId, GmailAppliedLabels Applied)? stored;
        try
        {
            stored = await GmailFilingStateFile.ReadAsync(state, cancellationToken);
        }
        catch (InvalidDataException ex)
        {
            LogStateUnreadable(_logger, state.Description, ex.Message);
            stored = null;
        }

        if (stored is not { } cursor)
        {
            // The first run starts from now: what was filed before is what 'learn' trains on.
            var now = await CurrentHistoryIdAsync(cancellationToken);
            LogStarted(_logger, now, state.Description);
            SetPending(now, new GmailAppliedLabels());
            yield break;
        }

        var applied = cursor.Applied;
        var read = await ReadHistoryAsync(cursor.HistoryId, applied, cancellationToken)
            ?? await FullScanAsync(cursor.HistoryId, applied, cancellationToken);
        foreach (var filing in read.Events)
        {
            yield return filing;
        }

        // Only once every event was handed over: a reader that stops early commits nothing.
        SetPending(read.HistoryId, applied);
    }

    public async Task CommitAsync(IStateStore state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        (ulong HistoryId, GmailAppliedLabels Applied) pending;
        lock (_gate)
        {
            if (_pending is not { } read)
            {
                LogNothingToCommit(_logger);
                return;
            }

            pending = read;
            pending.Applied.SetAll(_appliedThisRun);
        }

        await GmailFilingStateFile.WriteAsync(state, pending.HistoryId, pending.Applied, cancellationToken);
        lock (_gate)
        {
            _pending = null;
        }

        var remembered = Math.Min(pending.Applied.Count, GmailAppliedLabels.Capacity);
        LogCommitted(_logger, pending.HistoryId, remembered);
    }

    private void SetPending(ulong historyId, GmailAppliedLabels applied)
    {
        lock (_gate)
        {
            _pending = (historyId, applied);
        }
    }

    /// <summary>The events since <paramref name="start"/>, with <paramref name="applied"/> brought up to date; null when that history expired.</summary>
    private async Task<(List<FilingEvent> Events, ulong HistoryId)?> ReadHistoryAsync(ulong start, GmailAppliedLabels applied, CancellationToken cancellationToken)
    {
        var window = new GmailHistoryWindow(_names.Keys.ToHashSet(StringComparer.Ordinal), _markerId);
        ulong? current = null;
        string? pageToken = null;
        var pages = 0;
        do
        {
            var request = _api.Users.History.List(_options.User);
            request.StartHistoryId = start;
            request.HistoryTypes = new Repeatable<string>(HistoryTypes);
            request.MaxResults = ListHistoryRequest.MaxPageSize;
            request.PageToken = pageToken;
            ListHistoryResponse page;
            try
            {
                page = await request.ExecuteAsync(cancellationToken);
            }
            catch (GoogleApiException ex) when (ex.HttpStatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }
            catch (Exception ex) when (GmailErrors.IsCallFailure(ex, cancellationToken))
            {
                throw GmailSession.Unavailable(_api, _options, "could not read the mailbox's history", ex);
            }

            pages++;
            // "After startHistoryId", says the discovery document; a record at the cursor itself was read last time.
            foreach (var record in (page.History ?? []).Where(r => r.Id is not { } id || id > start))
            {
                window.Add(record);
            }

            current = page.HistoryId ?? current;
            pageToken = page.NextPageToken;
        }
        while (!string.IsNullOrEmpty(pageToken));

        var events = new List<FilingEvent>();
        foreach (var changes in window.Messages)
        {
            if (Judge(changes, applied) is { } filing)
            {
                events.Add(filing);
            }
        }

        var corrected = events.Count(e => e.Kind == FilingKind.Corrected);
        LogHistoryRead(_logger, start, window.Records, pages, events.Count - corrected, corrected);
        return (events, Math.Max(current ?? start, window.LastRecord));
    }

    /// <summary>The event one message's changes make, if any; keeps what the app applied, and corrections, in <paramref name="applied"/>.</summary>
    private FilingEvent? Judge(GmailMessageChanges changes, GmailAppliedLabels applied)
    {
        if (changes.AppliedLabelId is { } appliedId)
        {
            applied.Set(changes.Id, _names[appliedId]);
        }

        if (changes.AddedByHand.Count == 0)
        {
            return null;
        }

        if (changes.LabelsAfter is not { } after)
        {
            LogLabelsUnknown(_logger, changes.Id);
            return null;
        }

        var configured = after.Where(_names.ContainsKey).ToList();
        if (configured.Count >= 2)
        {
            LogAmbiguous(_logger, changes.Id, configured.Count);
            return null;
        }

        // Where the message ended up must be the user's own choice: a label added and taken off again teaches nothing.
        if (configured.Count == 0 || !changes.AddedByHand.Contains(configured[0]))
        {
            return null;
        }

        var label = _names[configured[0]];
        var known = applied.Of(changes.Id);
        if (string.Equals(known, label, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var triaged = known is not null || (_markerId is not null && after.Contains(_markerId));
        if (triaged)
        {
            // Later relabels of a triaged message are compared with the user's label, not the app's first one.
            applied.Set(changes.Id, label);
        }

        return Event(changes.Id, label, known is null ? FilingKind.Filed : FilingKind.Corrected);
    }

    /// <summary>Gmail no longer has the history since <paramref name="expired"/>: the triaged messages whose label changed since we last knew it.</summary>
    private async Task<(List<FilingEvent> Events, ulong HistoryId)> FullScanAsync(ulong expired, GmailAppliedLabels applied, CancellationToken cancellationToken)
    {
        // Read first, so anything changed during the scan is in the next read's history.
        var now = await CurrentHistoryIdAsync(cancellationToken);
        var scan = new GmailTriagedScan(_api, _options, _reader, _names, _markerId, _logger);
        var (triaged, corrections) = await scan.FindCorrectionsAsync(applied, cancellationToken);
        LogHistoryExpired(_logger, expired, triaged, corrections.Count, now);
        return ([.. corrections.Select(c => Event(c.Id, c.Label, FilingKind.Corrected))], now);
    }

    private FilingEvent Event(string id, string label, FilingKind kind) =>
        new(new MailboxItem(id, token => _reader.OpenRawAsync(id, token)), label, kind);

    private async Task<ulong> CurrentHistoryIdAsync(CancellationToken cancellationToken)
    {
        Profile profile;
        try
        {
            profile = await _api.Users.GetProfile(_options.User).ExecuteAsync(cancellationToken);
        }
        catch (Exception ex) when (GmailErrors.IsCallFailure(ex, cancellationToken))
        {
            throw GmailSession.Unavailable(_api, _options, "could not read the account's profile", ex);
        }

        return profile.HistoryId ?? throw new MailboxUnavailableException(
            $"Gmail at {_api.BaseUri} answered the account's profile without a history id, so corrections cannot be followed. " +
            "Check GMAIL_API_BASE_URL points at Gmail's API; nothing was changed.");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No Gmail history cursor in {Store} yet: following corrections from history id {HistoryId} on (earlier filing is what 'learn' trains on)")]
    private static partial void LogStarted(ILogger logger, ulong historyId, string store);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Gmail history cursor in {Store} cannot be read ({Error}); following corrections from now on")]
    private static partial void LogStateUnreadable(ILogger logger, string store, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Gmail history since {HistoryId}: {Records} records in {Pages} pages; {Filed} messages filed and {Corrected} corrected by hand")]
    private static partial void LogHistoryRead(ILogger logger, ulong historyId, int records, int pages, int filed, int corrected);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gmail history since {HistoryId} has expired, so one full scan was done instead: {Triaged} triaged messages, {Corrected} corrected; following history from {Now} on")]
    private static partial void LogHistoryExpired(ILogger logger, ulong historyId, int triaged, int corrected, ulong now);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Skipping Gmail message {MessageId} for learning: it carries {Count} configured labels")]
    private static partial void LogAmbiguous(ILogger logger, string messageId, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Skipping Gmail message {MessageId} for learning: its history does not say which labels it carries")]
    private static partial void LogLabelsUnknown(ILogger logger, string messageId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Gmail history cursor moved to {HistoryId}; {Applied} triaged messages remembered")]
    private static partial void LogCommitted(ILogger logger, ulong historyId, int applied);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Nothing to commit: Gmail's history was not read to the end since the last commit")]
    private static partial void LogNothingToCommit(ILogger logger);
}
