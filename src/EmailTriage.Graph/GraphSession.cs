using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using EmailTriage.Graph.Api;
using EmailTriage.Graph.Filing;
using EmailTriage.Labels;
using EmailTriage.Mailboxes;
using EmailTriage.State;
using EmailTriage.Triage;
using Microsoft.Extensions.Logging;

namespace EmailTriage.Graph;

/// <summary>
/// One run on a Graph mailbox. The listing is a delta round of the triaged folder (only what changed since the last run)
/// merged with the candidates earlier runs left (see <see cref="GraphTriageState"/>); a message is new unless it carries
/// the triaged marker, or (categories) a category named like a label, which the user's own labelling stands for, or is a
/// draft. Content is read 20 messages to a $batch, one batch ahead of the classifier.
/// </summary>
internal sealed partial class GraphSession : IMailboxSession
{
    private readonly GraphHttp _http;
    private readonly GraphPaths _paths;
    private readonly GraphOptions _options;
    private readonly LabelConfig _labels;
    private readonly GraphOpened _opened;
    private readonly IStateStore _store;
    private readonly bool _dryRun;
    private readonly TimeProvider _time;
    private readonly GraphMessageReader _reader;
    private readonly ILogger _logger;
    private readonly List<MessageFailure> _listingFailures = [];
    private readonly ConcurrentDictionary<string, GraphCandidate> _candidates = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _stateGate = new(1, 1);
    private readonly GraphFilingFeedback _feedback;
    private GraphTriageState? _state;

    internal GraphSession(GraphHttp http, GraphPaths paths, GraphOptions options, GraphOpened opened, MailboxRun run, GraphMessageReader reader, TimeProvider time, ILogger logger)
    {
        _http = http;
        _paths = paths;
        _options = options;
        _labels = run.Labels;
        _opened = opened;
        _store = run.State;
        _dryRun = run.DryRun;
        _time = time;
        _reader = reader;
        _logger = logger;
        _feedback = new GraphFilingFeedback(http, paths, options, run.Labels, opened, reader, time, logger);
    }

    /// <summary>Labels go out in groups of up to 100 (five $batch requests of PATCHes), and no decision waits more than 3 s.</summary>
    public LabelWriting Writing { get; } = new(5 * GraphHttp.MaxBatchParts, TimeSpan.FromSeconds(3));

    public int? ListedCount { get; private set; }

    public IReadOnlyCollection<MessageFailure> ListingFailures => _listingFailures;

    public LabelsInMailbox Labels => new(_opened.Created, _opened.Missing, []);

    public async IAsyncEnumerable<MailboxItem> ListNewAsync(int? max, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        _listingFailures.Clear();
        var candidates = await ListCandidatesAsync(cancellationToken);
        ListedCount = candidates.Count;
        var chunks = (max is { } limit ? candidates.Take(limit) : candidates).Chunk(GraphHttp.MaxBatchParts).ToList();
        var (yielded, gone, failed) = (0, 0, 0);

        // One batch ahead: the next 20 arrive while these are classified, and no more than two batches are held. When the
        // caller stops reading (a time budget, a failing LLM), the batch ahead is cancelled and waited for.
        using var prefetch = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<GraphRead>? next = null;
        try
        {
            next = chunks.Count > 0 ? Read(chunks[0], prefetch.Token) : null;
            for (var c = 0; c < chunks.Count; c++)
            {
                var read = await next!;
                next = read.Stopped is null && c + 1 < chunks.Count ? Read(chunks[c + 1], prefetch.Token) : null;
                foreach (var candidate in chunks[c])
                {
                    if (read.Fetched.TryGetValue(candidate.Id, out var bytes))
                    {
                        yielded++;
                        yield return MailboxItem.FromBytes(candidate.Id, bytes);
                    }
                    else if (read.Gone.Contains(candidate.Id))
                    {
                        // Deleted or moved away since the listing: nothing to triage.
                        gone++;
                        ListedCount--;
                    }
                    else if (read.Failed.TryGetValue(candidate.Id, out var why))
                    {
                        failed++;
                        _listingFailures.Add(new MessageFailure(candidate.Id, $"could not be read from Graph ({why}); left for the next run"));
                    }
                }

                if (read.Stopped is { } stopped)
                {
                    // Graph stopped answering: the rest waits for the next run, which finds it among the candidates kept.
                    var left = chunks[c].Where(m => !read.Fetched.ContainsKey(m.Id) && !read.Gone.Contains(m.Id) && !read.Failed.ContainsKey(m.Id))
                        .Concat(chunks.Skip(c + 1).SelectMany(m => m)).ToList();
                    failed += left.Count;
                    _listingFailures.AddRange(left.Select(m => new MessageFailure(m.Id, $"could not be read from Graph ({stopped}); left for the next run")));
                    LogListingStopped(_logger, left.Count, stopped);
                    yield break;
                }
            }

            LogReadAll(_logger, yielded, candidates.Count, gone, failed);
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

    private Task<GraphRead> Read(GraphCandidate[] chunk, CancellationToken cancellationToken) =>
        _reader.ReadAsync([.. chunk.Select(c => (c.Id, c.HasAttachments))], cancellationToken);

    /// <summary>The candidates: those kept from earlier runs and what the delta round says changed, oldest first.</summary>
    private async Task<IReadOnlyList<GraphCandidate>> ListCandidatesAsync(CancellationToken cancellationToken)
    {
        var state = await StateAsync(cancellationToken);
        if (!_dryRun && state.Moves.Count > 0)
        {
            await FinishMovesAsync(state, cancellationToken);
        }

        var sameFolder = state.Folder == _opened.FolderId;
        GraphDeltaRound round;
        try
        {
            var fromLink = sameFolder && state.DeltaLink is { } link ? await GraphDelta.ReadAsync(_http, link, cancellationToken) : null;
            if (sameFolder && state.DeltaLink is not null && fromLink is null)
            {
                LogDeltaExpired(_logger, _options.SinceDays);
            }

            round = fromLink ?? await GraphDelta.ReadAsync(_http, GraphDelta.FirstUrl(_paths, _opened.FolderId, _time.GetUtcNow().AddDays(-_options.SinceDays)), cancellationToken)
                ?? throw new GraphException("Graph answered 410 Gone to the first request of a delta round");
        }
        catch (Exception ex) when (GraphErrors.IsCallFailure(ex, cancellationToken))
        {
            throw GraphErrors.Unavailable(_http, $"could not list what changed in GRAPH_FOLDER '{_options.EffectiveFolder}'", ex);
        }

        var waiting = sameFolder ? state.Waiting.ToDictionary(c => c.Id, StringComparer.Ordinal) : new Dictionary<string, GraphCandidate>(StringComparer.Ordinal);
        var kept = waiting.Count;
        foreach (var change in round.Changes)
        {
            if (change.IsRemoved || IsTriaged(change))
            {
                waiting.Remove(change.Id);
            }
            else
            {
                waiting[change.Id] = new GraphCandidate(change.Id, change.ETag, change.Categories ?? [], change.HasAttachments == true, change.Received);
            }
        }

        List<GraphCandidate> candidates = [.. waiting.Values.OrderBy(c => c.Received ?? DateTimeOffset.MinValue).ThenBy(c => c.Id, StringComparer.Ordinal)];
        foreach (var candidate in candidates)
        {
            _candidates[candidate.Id] = candidate;
        }

        LogListed(_logger, round.Changes.Count, round.Pages, kept, candidates.Count);
        if (!_dryRun)
        {
            // Before any message is handed over: a run killed from here on leaves them all to the next run.
            await UpdateStateAsync(s =>
            {
                s.Folder = _opened.FolderId;
                s.DeltaLink = round.DeltaLink;
                s.Waiting = candidates;
            }, cancellationToken);
        }

        return candidates;
    }

    /// <summary>Triaged already (the marker), labelled by the user (a category named like a label), or a draft: not new.</summary>
    private bool IsTriaged(GraphMessage message) =>
        message.Marker is not null
        || message.IsDraft == true
        || (_options.EffectiveLabelMode == GraphLabelMode.Categories && message.Categories?.Any(c => _labels.Canonical(c) is not null) == true);

    private async Task<GraphTriageState> StateAsync(CancellationToken cancellationToken)
    {
        await _stateGate.WaitAsync(cancellationToken);
        try
        {
            return _state ??= await ReadStateAsync(cancellationToken);
        }
        finally
        {
            _stateGate.Release();
        }
    }

    private async Task<GraphTriageState> ReadStateAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await GraphTriageState.ReadAsync(_store, cancellationToken);
        }
        catch (System.Text.Json.JsonException ex)
        {
            LogStateUnreadable(_logger, _store.Description, ex.Message);
            return new GraphTriageState();
        }
    }

    /// <summary>Changes the kept state and writes it whole; one writer at a time (the listing and the label groups).</summary>
    private async Task UpdateStateAsync(Action<GraphTriageState> change, CancellationToken cancellationToken)
    {
        var state = await StateAsync(cancellationToken);
        await _stateGate.WaitAsync(cancellationToken);
        try
        {
            change(state);
            await state.WriteAsync(_store, cancellationToken);
        }
        finally
        {
            _stateGate.Release();
        }
    }

    public ValueTask DisposeAsync()
    {
        _stateGate.Dispose();
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Graph delta: {Changes} changes in {Pages} pages, {Kept} candidates kept from earlier runs; {Candidates} new messages")]
    private static partial void LogListed(ILogger logger, int changes, int pages, int kept, int candidates);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Graph's delta link for the folder has expired (410); starting a new round over the last {Days} days")]
    private static partial void LogDeltaExpired(ILogger logger, int days);

    [LoggerMessage(Level = LogLevel.Information, Message = "Graph read {Read} of {Count} candidates; {Gone} were gone, {Failed} could not be read")]
    private static partial void LogReadAll(ILogger logger, int read, int count, int gone, int failed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopped reading from Graph for this run ({Error}); {Left} messages are left for the next run")]
    private static partial void LogListingStopped(ILogger logger, int left, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Graph state in {Store} cannot be read ({Error}); starting afresh")]
    private static partial void LogStateUnreadable(ILogger logger, string store, string error);
}
