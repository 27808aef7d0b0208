using System.Collections.Concurrent;
using System.Net;
using System.Runtime.CompilerServices;
using EmailTriage.Filing;
using EmailTriage.Gmail.Api;
using EmailTriage.Gmail.Filing;
using EmailTriage.Labels;
using EmailTriage.Mailboxes;
using EmailTriage.State;
using EmailTriage.Triage;
using Google;
using Microsoft.Extensions.Logging;

namespace EmailTriage.Gmail;

/// <summary>
/// One run on a Gmail mailbox: the label ids it found or created, its listing and that listing's failures, and what
/// the user filed or corrected since the last run (see <see cref="GmailFilingFeedback"/>).
/// </summary>
internal sealed partial class GmailSession : IMailboxSession, IFilingFeedback
{
    private const string InboxLabelId = "INBOX";

    private readonly GmailApi _api;
    private readonly GmailOptions _options;
    private readonly ILogger _logger;
    private readonly GmailMessageReader _reader;
    private readonly List<MessageFailure> _listingFailures = [];
    private readonly IReadOnlyDictionary<string, string> _labelIds;
    private readonly IReadOnlyList<string> _ours;
    private readonly GmailFilingFeedback _feedback;

    private readonly IStateStore _state;
    private readonly bool _dryRun;

    internal GmailSession(GmailApi api, GmailOptions options, GmailLabelSyncResult labelSync, MailboxRun run, ILogger logger)
    {
        var labels = run.Labels;
        _state = run.State;
        _dryRun = run.DryRun;
        _api = api;
        _options = options;
        _logger = logger;
        _reader = new GmailMessageReader(api, options.User, logger);
        LabelSync = labelSync;
        _labelIds = labelSync.Ids;
        _ours = [.. labels.AllNames, GmailMailbox.MarkerLabel];
        _feedback = new GmailFilingFeedback(api, options, labels, labelSync.Ids, _reader, logger);
    }

    /// <summary>What opening the session found and created.</summary>
    public GmailLabelSyncResult LabelSync { get; }

    public LabelWriting Writing { get; } = new(GmailMailbox.MaxLabelGroup, GmailMailbox.MaxLabelWait);

    public int? ListedCount { get; private set; }

    public IReadOnlyCollection<MessageFailure> ListingFailures => _listingFailures;

    public async IAsyncEnumerable<MailboxItem> ListNewAsync(int? max, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var ids = await ListIdsAsync(GmailQuery.Excluding(_options.Query, _ours), cancellationToken);
        ListedCount = ids.Count;
        _listingFailures.Clear();
        var ourIds = _ours.Select(n => _labelIds.GetValueOrDefault(n)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var (yielded, skipped, failed) = (0, 0, 0);

        // No batch is fetched for messages past --max: the run would never take them.
        var chunks = (max is { } limit ? ids.Take(limit) : ids).Chunk(GmailMailbox.MaxBatchSize).ToList();

        // One batch ahead: the next 50 arrive while these are classified, and no more than two batches are held. When the
        // caller stops reading (a time budget, a failing LLM), the batch ahead is cancelled and waited for.
        using var prefetch = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<IReadOnlyList<Message>?>? next = null;
        try
        {
            var failures = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
            next = chunks.Count > 0 ? _reader.FetchAsync(chunks[0], prefetch.Token, failures) : null;
            var refusedInARow = 0;
            for (var c = 0; c < chunks.Count; c++)
            {
                var chunk = chunks[c];
                var fetched = await next!;
                next = null;
                if (fetched is null)
                {
                    // Gmail refused the whole batch even after backing off. Its messages wait for the next run; one bad
                    // batch (say, huge messages) must not hold back the rest, but a second refusal in a row means Gmail
                    // is not answering, and asking on would only add load.
                    failed += chunk.Length;
                    _listingFailures.AddRange(chunk.Select(id => new MessageFailure(id, "Gmail refused the batch that fetches it and both its halves, even after backing off; left for the next run")));
                    if (++refusedInARow == 2)
                    {
                        LogListingStopped(_logger, ids.Count - yielded - skipped - failed);
                        yield break;
                    }

                    next = c + 1 < chunks.Count ? _reader.FetchAsync(chunks[c + 1], prefetch.Token, failures) : null;
                    continue;
                }

                refusedInARow = 0;
                next = c + 1 < chunks.Count ? _reader.FetchAsync(chunks[c + 1], prefetch.Token, failures) : null;
                failed += chunk.Length - fetched.Count;
                foreach (var id in chunk.Except(fetched.Select(m => m.Id!), StringComparer.Ordinal))
                {
                    var why = failures.TryGetValue(id, out var reason) ? reason : "Gmail did not return it";
                    _listingFailures.Add(new MessageFailure(id, $"could not be fetched from Gmail ({why}); left for the next run"));
                }

                foreach (var message in fetched)
                {
                    // The query already leaves these out; this catches label names Gmail search spells differently.
                    if (message.LabelIds?.FirstOrDefault(ourIds.Contains) is { } labelId)
                    {
                        LogAlreadyLabelled(_logger, message.Id!, labelId);
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
                    yield return MailboxItem.FromBytes(message.Id!, bytes);
                }
            }

            LogFetchedAll(_logger, yielded, ids.Count, skipped, failed);
        }
        finally
        {
            await prefetch.CancelAsync();
            if (next is not null)
            {
                // Only waited for, so no request outlives the listing; its messages were never handed over.
                await next.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
    }

    public async Task<IReadOnlyCollection<string>> ApplyAsync(LabelGroup group, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        var ids = group.Messages.Select(m => m.Id).Distinct(StringComparer.Ordinal).ToList();
        if (!_labelIds.TryGetValue(group.Label, out var labelId) || !_labelIds.TryGetValue(GmailMailbox.MarkerLabel, out var markerId))
        {
            LogUnknownLabel(_logger, group.Label, ids.Count);
            return ids;
        }

        var failed = new List<string>();
        foreach (var chunk in ids.Chunk(BatchModifyRequest.MaxIds))
        {
            // Gmail refuses a whole batchModify for one id it will not take (a message deleted since the listing): such a
            // group is labelled again in halves, down to that message, and the rest are labelled. Any other refusal (a rate
            // limit, Gmail down) is the group's, and halving would only add load.
            var done = new HashSet<string>(StringComparer.Ordinal);
            try
            {
                var refused = await BatchHalving.RunAsync(
                    chunk,
                    async part =>
                    {
                        try
                        {
                            await ModifyAsync(part, labelId, markerId, group.Action, cancellationToken);
                            done.UnionWith(part);
                            _feedback.Applied(part, labelId);
                            LogApplied(_logger, group.Label, part.Count, group.Action == LabelAction.Archive);
                        }
                        catch (GoogleApiException ex) when (IsAboutAnId(ex))
                        {
                            LogApplyFailed(_logger, group.Label, part.Count, GmailErrors.Describe(ex));
                            throw;
                        }
                    },
                    IsAboutAnId,
                    cancellationToken,
                    MaxRefusedModifies(chunk.Length));
                foreach (var (id, error) in refused)
                {
                    LogApplyRefused(_logger, group.Label, id, GmailErrors.Describe(error));
                    failed.Add(id);
                }
            }
            catch (Exception ex) when (GmailErrors.IsCallFailure(ex, cancellationToken))
            {
                // What was labelled before the refusal stays labelled, and labelling it again next run changes nothing.
                LogApplyFailed(_logger, group.Label, chunk.Length, GmailErrors.Describe(ex));
                failed.AddRange(chunk.Where(id => !done.Contains(id)));
            }
        }

        return failed;
    }

    private Task<string> ModifyAsync(IReadOnlyList<string> ids, string labelId, string markerId, LabelAction action, CancellationToken cancellationToken) =>
        _api.Users.Messages.BatchModify(
            new BatchModifyMessagesRequest
            {
                Ids = [.. ids],
                AddLabelIds = [labelId, markerId],
                RemoveLabelIds = action == LabelAction.Archive ? [InboxLabelId] : [],
            },
            _options.User).ExecuteAsync(cancellationToken);

    /// <summary>
    /// A batchModify costs 50 quota units: the search for ids Gmail will not take may cost as many refused calls as finding
    /// three of them does, and no more (a label deleted meanwhile is refused for every id, and is no one id's doing).
    /// </summary>
    private static int MaxRefusedModifies(int count) => 3 * ((int)Math.Ceiling(Math.Log2(Math.Max(count, 2))) + 2);

    /// <summary>Gmail's answer to a batchModify naming an id it will not take: 400 "Invalid id value", or 404.</summary>
    private static bool IsAboutAnId(Exception ex) => ex is GoogleApiException { HttpStatusCode: HttpStatusCode.BadRequest or HttpStatusCode.NotFound };

    /// <summary>What the user filed or corrected since the last commit; each message's content is fetched only when its item is opened.</summary>
    /// <summary>Null on a dry run: the history cursor stays where it is.</summary>
    public IFilingFeedback? Filing => _dryRun ? null : this;

    public LabelsInMailbox Labels => new(LabelSync.Created, LabelSync.Missing, [GmailMailbox.MarkerLabel]);

    public IAsyncEnumerable<FilingEvent> ReadFilingAsync(CancellationToken cancellationToken) =>
        _feedback.ReadAsync(_state, cancellationToken);

    public Task CommitFilingAsync(CancellationToken cancellationToken) =>
        _feedback.CommitAsync(_state, cancellationToken);

    // All ids first, then content: labels applied while we page would shift the query's pages under us.
    private async Task<IReadOnlyList<string>> ListIdsAsync(string query, CancellationToken cancellationToken)
    {
        try
        {
            return await _reader.ListIdsAsync(query, labelIds: null, cancellationToken);
        }
        catch (Exception ex) when (GmailErrors.IsCallFailure(ex, cancellationToken))
        {
            throw Unavailable(_api, _options, "could not list the messages", ex);
        }
    }

    // Nothing has been changed yet when these fail, so the whole run can stop and try again next time.
    internal static MailboxUnavailableException Unavailable(GmailApi api, GmailOptions options, string what, Exception ex) => new(
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Applying Gmail label {Label} to {Count} messages failed ({Error}); those not labelled are left for the next run, or labelled in halves where one id was refused")]
    private static partial void LogApplyFailed(ILogger logger, string label, int count, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gmail would not apply label {Label} to message {MessageId}, even alone ({Error}); it is left for the next run")]
    private static partial void LogApplyRefused(ILogger logger, string label, string messageId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gmail label {Label} (or the triaged marker) has no id, so {Count} messages are left for the next run; was the session opened as a dry run?")]
    private static partial void LogUnknownLabel(ILogger logger, string label, int count);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
