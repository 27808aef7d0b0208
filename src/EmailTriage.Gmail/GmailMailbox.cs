using System.Runtime.CompilerServices;
using EmailTriage.Gmail.Api;
using EmailTriage.Labels;
using EmailTriage.Mailboxes;
using EmailTriage.Triage;
using Microsoft.Extensions.Logging;

namespace EmailTriage.Gmail;

/// <summary>
/// A Gmail account as a mailbox: lists with one query, fetches content in batches of 50, and labels with one
/// batchModify per label, adding a hidden marker so a message is never triaged twice.
/// </summary>
public sealed partial class GmailMailbox(GmailApi api, GmailOptions options, ILogger<GmailMailbox> logger) : IMailbox
{
    /// <summary>The hidden label meaning "triaged": its presence keeps a message out of every later run.</summary>
    public const string MarkerLabel = "EmailTriage/Triaged";

    /// <summary>Gmail takes up to 100 calls in a batch but recommends at most 50; more trips its rate limits.</summary>
    public const int MaxBatchSize = 50;

    private const string InboxLabelId = "INBOX";

    private readonly GmailMessageReader _reader = new(api, options.User, logger);
    private readonly List<MessageFailure> _listingFailures = [];
    private IReadOnlyDictionary<string, string> _labelIds = new Dictionary<string, string>();
    private IReadOnlyList<string> _ours = [MarkerLabel];

    /// <summary>"gmail me"; with another API address (a proxy, a test server) that address too, since it is another mailbox.</summary>
    public string Description => options.EffectiveApiBaseUrl == GmailApi.DefaultBaseUri
        ? $"gmail {options.User}"
        : $"gmail {options.User} at {options.EffectiveApiBaseUrl}";

    public int? ListedCount { get; private set; }

    public IReadOnlyCollection<MessageFailure> ListingFailures => _listingFailures;

    /// <summary>What the last <see cref="PrepareAsync"/> found and created.</summary>
    public GmailLabelSyncResult? LabelSync { get; private set; }

    public async Task PrepareAsync(LabelConfig labels, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(labels);
        GmailSystemLabels.ThrowIfAnyReserved(labels);
        var wanted = labels.AllNames.Select(n => new GmailLabelSpec(n, Hidden: false)).Append(new GmailLabelSpec(MarkerLabel, Hidden: true));
        try
        {
            LabelSync = await new GmailLabelSync(api, options.User, logger).SyncAsync(wanted, dryRun, cancellationToken);
        }
        catch (Exception ex) when (GmailErrors.IsCallFailure(ex, cancellationToken))
        {
            throw Unavailable("could not read or create the labels", ex);
        }

        _labelIds = LabelSync.Ids;
        _ours = [.. labels.AllNames, MarkerLabel];
    }

    public async IAsyncEnumerable<MailboxItem> ListNewAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var ids = await ListIdsAsync(GmailQuery.Excluding(options.Query, _ours), cancellationToken);
        ListedCount = ids.Count;
        _listingFailures.Clear();
        var ourIds = _ours.Select(n => _labelIds.GetValueOrDefault(n)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var (yielded, skipped, failed) = (0, 0, 0);
        var chunks = ids.Chunk(MaxBatchSize).ToList();

        // One batch ahead: the next 50 arrive while these are classified, and no more than two batches are held.
        var next = chunks.Count > 0 ? _reader.FetchAsync(chunks[0], cancellationToken) : null;
        var refusedInARow = 0;
        for (var c = 0; c < chunks.Count; c++)
        {
            var chunk = chunks[c];
            var fetched = await next!;
            if (fetched is null)
            {
                // Gmail refused the whole batch even after backing off. Its messages wait for the next run; one bad
                // batch (say, huge messages) must not hold back the rest, but a second refusal in a row means Gmail
                // is not answering, and asking on would only add load.
                failed += chunk.Length;
                _listingFailures.AddRange(chunk.Select(id => new MessageFailure(id, "Gmail refused the batch that fetches it, even after backing off; left for the next run")));
                if (++refusedInARow == 2)
                {
                    LogListingStopped(logger, ids.Count - yielded - skipped - failed);
                    yield break;
                }

                next = c + 1 < chunks.Count ? _reader.FetchAsync(chunks[c + 1], cancellationToken) : null;
                continue;
            }

            refusedInARow = 0;
            next = c + 1 < chunks.Count ? _reader.FetchAsync(chunks[c + 1], cancellationToken) : null;

            failed += chunk.Length - fetched.Count;
            foreach (var id in chunk.Except(fetched.Select(m => m.Id!), StringComparer.Ordinal))
            {
                _listingFailures.Add(new MessageFailure(id, "could not be fetched from Gmail (see the log); left for the next run"));
            }

            foreach (var message in fetched)
            {
                // The query already leaves these out; this catches label names Gmail search spells differently.
                if (message.LabelIds?.FirstOrDefault(ourIds.Contains) is { } labelId)
                {
                    LogAlreadyLabelled(logger, message.Id!, labelId);
                    skipped++;

                    // Not new after all: it does not count as a candidate of this run.
                    ListedCount = ids.Count - skipped;
                    continue;
                }

                var bytes = _reader.Decode(message);
                if (bytes is null)
                {
                    failed++;
                    _listingFailures.Add(new MessageFailure(message.Id!, "Gmail's raw content could not be decoded; left for the next run"));
                    continue;
                }

                yielded++;
                yield return new MailboxItem(message.Id!, _ => Task.FromResult<Stream>(new MemoryStream(bytes, writable: false)));
            }
        }

        LogFetchedAll(logger, yielded, ids.Count, skipped, failed);
    }

    public async Task<IReadOnlyCollection<string>> ApplyAsync(LabelGroup group, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        var ids = group.Messages.Select(m => m.Id).Distinct(StringComparer.Ordinal).ToList();
        if (!_labelIds.TryGetValue(group.Label, out var labelId) || !_labelIds.TryGetValue(MarkerLabel, out var markerId))
        {
            LogUnknownLabel(logger, group.Label, ids.Count);
            return ids;
        }

        var failed = new List<string>();
        foreach (var chunk in ids.Chunk(BatchModifyRequest.MaxIds))
        {
            var body = new BatchModifyMessagesRequest
            {
                Ids = chunk,
                AddLabelIds = [labelId, markerId],
                RemoveLabelIds = group.Action == LabelAction.Archive ? [InboxLabelId] : [],
            };
            try
            {
                await api.Users.Messages.BatchModify(body, options.User).ExecuteAsync(cancellationToken);
                LogApplied(logger, group.Label, chunk.Length, group.Action == LabelAction.Archive);
            }
            catch (Exception ex) when (GmailErrors.IsCallFailure(ex, cancellationToken))
            {
                LogApplyFailed(logger, group.Label, chunk.Length, GmailErrors.Describe(ex));
                failed.AddRange(chunk);
            }
        }

        return failed;
    }

    // All ids first, then content: labels applied while we page would shift the query's pages under us.
    private async Task<IReadOnlyList<string>> ListIdsAsync(string query, CancellationToken cancellationToken)
    {
        try
        {
            return await _reader.ListIdsAsync(query, labelId: null, cancellationToken);
        }
        catch (Exception ex) when (GmailErrors.IsCallFailure(ex, cancellationToken))
        {
            throw Unavailable("could not list the messages", ex);
        }
    }

    // Nothing has been changed yet when these fail, so the whole run can stop and try again next time.
    private MailboxUnavailableException Unavailable(string what, Exception ex) => new(
        $"Gmail at {api.BaseUri} {what} ({GmailErrors.Describe(ex)}). Check the network, GMAIL_API_BASE_URL and the search " +
        $"(TRIAGE_QUERY '{options.Query}'); 'emailtriage check' tests the sign-in. Nothing was changed; the next run tries again.",
        ex);

    [LoggerMessage(Level = LogLevel.Information, Message = "Gmail fetched {Fetched} of {Count} candidates; {Skipped} already carried one of our labels, {Failed} could not be fetched")]
    private static partial void LogFetchedAll(ILogger logger, int fetched, int count, int skipped, int failed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopped fetching from Gmail for this run; {Left} messages are left for the next run")]
    private static partial void LogListingStopped(ILogger logger, int left);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Skipping Gmail message {MessageId}: it already carries label {LabelId}")]
    private static partial void LogAlreadyLabelled(ILogger logger, string messageId, string labelId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Gmail label {Label} applied to {Count} messages (archived: {Archived})")]
    private static partial void LogApplied(ILogger logger, string label, int count, bool archived);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Applying Gmail label {Label} to {Count} messages failed ({Error}); they are left for the next run")]
    private static partial void LogApplyFailed(ILogger logger, string label, int count, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gmail label {Label} (or the triaged marker) has no id, so {Count} messages are left for the next run; was PrepareAsync skipped or a dry run?")]
    private static partial void LogUnknownLabel(ILogger logger, string label, int count);
}
