using System.Runtime.CompilerServices;
using EmailTriage.Filing;
using EmailTriage.Graph.Api;
using EmailTriage.Labels;
using EmailTriage.Mailboxes;
using EmailTriage.State;
using Microsoft.Extensions.Logging;

namespace EmailTriage.Graph.Filing;

/// <summary>
/// What the user filed or corrected in Outlook since the last commit, read from delta rounds of its own (apart from the
/// listing's, so each moves only when its reader is done):
/// <list type="bullet">
/// <item>categories: the triaged folder (and Archive when a label archives). A message that ends up with exactly one
/// category named like a label is judged; with none or two, nothing is guessed.</item>
/// <item>folders: each label's folder. A message there is under that label.</item>
/// </list>
/// A message the app labelled carries the marker with the app's label: another label now is a <see cref="FilingKind.Corrected"/>;
/// a message without the marker labelled by the user (or an Outlook rule) is <see cref="FilingKind.Filed"/>; the app's own
/// label is nothing. The label last learned for each message is kept, so a later change that is not a new label (read,
/// flagged) teaches nothing again. A folder's first round starts from now: what was filed before is what <c>learn</c> reads.
/// Nothing is kept until <see cref="CommitAsync"/>: a kill before it reads the same events again.
/// </summary>
internal sealed partial class GraphFilingFeedback(
    GraphHttp http, GraphPaths paths, GraphOptions options, LabelConfig labels, GraphOpened opened, GraphMessageReader reader, TimeProvider time, ILogger logger)
{
    private GraphFilingState? _pending;

    public async IAsyncEnumerable<FilingEvent> ReadAsync(IStateStore store, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        GraphFilingState state;
        try
        {
            state = await GraphFilingState.ReadAsync(store, cancellationToken);
        }
        catch (System.Text.Json.JsonException ex)
        {
            LogStateUnreadable(logger, store.Description, ex.Message);
            state = new GraphFilingState();
        }

        var events = new List<FilingEvent>();
        try
        {
            foreach (var (folderId, label, name) in Followed())
            {
                var link = state.Cursors.GetValueOrDefault(folderId);
                var round = link is null ? null : await GraphDelta.ReadAsync(http, link, cancellationToken);
                if (round is null)
                {
                    if (link is not null)
                    {
                        LogExpired(logger, name);
                    }

                    // Label folders are read whole once: a message filed there may have arrived long ago. The triaged folder
                    // and Archive only as far back as the listing looks.
                    var since = label is null ? time.GetUtcNow().AddDays(-options.SinceDays) : (DateTimeOffset?)null;
                    var first = await GraphDelta.ReadAsync(http, GraphDelta.FirstUrl(paths, folderId, since), cancellationToken)
                        ?? throw new GraphException("Graph answered 410 Gone to the first request of a delta round");
                    state.Cursors[folderId] = first.DeltaLink;
                    LogStarted(logger, name, first.Pages);
                    continue;
                }

                var before = events.Count;
                foreach (var change in round.Changes.Where(c => !c.IsRemoved))
                {
                    if (Judge(change, label, state) is { } filing)
                    {
                        events.Add(filing);
                    }
                }

                state.Cursors[folderId] = round.DeltaLink;
                LogRead(logger, name, round.Changes.Count, round.Pages, events.Count - before);
            }
        }
        catch (Exception ex) when (GraphErrors.IsCallFailure(ex, cancellationToken))
        {
            // Nothing is lost: the cursors did not move, so the next run reads the same changes.
            LogUnread(logger, GraphErrors.Describe(ex));
            yield break;
        }

        // Only once every event is found: a reader that stops early commits nothing.
        _pending = state;
        foreach (var filing in events)
        {
            yield return filing;
        }
    }

    public async Task CommitAsync(IStateStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (_pending is not { } state)
        {
            return;
        }

        await state.WriteAsync(store, cancellationToken);
        _pending = null;
    }

    /// <summary>The folders followed: their id, the label a message there is under (folders), and a name for the log.</summary>
    private IEnumerable<(string FolderId, string? Label, string Name)> Followed()
    {
        if (options.EffectiveLabelMode == GraphLabelMode.Folders)
        {
            foreach (var (label, folderId) in opened.LabelFolders)
            {
                if (folderId is not null)
                {
                    yield return (folderId, label, $"label folder {label}");
                }
            }

            yield break;
        }

        yield return (opened.FolderId, null, $"folder {options.EffectiveFolder}");
        if (opened.ArchiveId is { } archive)
        {
            yield return (archive, null, "folder Archive");
        }
    }

    /// <summary>The event one changed message makes, if any; the label learned is kept in <paramref name="state"/>.</summary>
    private FilingEvent? Judge(GraphMessage change, string? folderLabel, GraphFilingState state)
    {
        var label = folderLabel;
        if (label is null)
        {
            var configured = (change.Categories ?? []).Select(labels.Canonical).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (configured.Count != 1)
            {
                return null;
            }

            label = configured[0];
        }

        var marker = change.Marker is { } applied ? labels.Canonical(applied) ?? applied : null;
        var learned = state.LabelOf(change.Id);
        if (string.Equals(learned ?? marker, label, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var kind = marker is not null || learned is not null ? FilingKind.Corrected : FilingKind.Filed;
        state.Record(change.Id, label);
        LogFiling(logger, kind == FilingKind.Corrected ? $"corrected by the user from {learned ?? marker}" : "filed by the user", label);
        var id = change.Id;
        return new FilingEvent(new MailboxItem(id, token => reader.OpenAsync(id, token)), label, kind);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Learning from Outlook: a message {How} to {Label}")]
    private static partial void LogFiling(ILogger logger, string how, string label);

    [LoggerMessage(Level = LogLevel.Information, Message = "Following corrections in the {Folder} from now on ({Pages} pages read once; earlier filing is what 'learn' trains on)")]
    private static partial void LogStarted(ILogger logger, string folder, int pages);

    [LoggerMessage(Level = LogLevel.Information, Message = "Graph delta of the {Folder}: {Changes} changes in {Pages} pages, {Events} filed or corrected by the user")]
    private static partial void LogRead(ILogger logger, string folder, int changes, int pages, int events);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The delta link of the {Folder} has expired (410); following corrections from now on")]
    private static partial void LogExpired(ILogger logger, string folder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read what was filed in Outlook ({Error}); the next run reads it")]
    private static partial void LogUnread(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Graph feedback state in {Store} cannot be read ({Error}); following corrections from now on")]
    private static partial void LogStateUnreadable(ILogger logger, string store, string error);
}
