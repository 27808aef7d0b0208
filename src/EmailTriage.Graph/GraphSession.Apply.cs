using System.Text.Json.Nodes;
using EmailTriage.Graph.Api;
using EmailTriage.Labels;
using EmailTriage.Mailboxes;
using Microsoft.Extensions.Logging;

namespace EmailTriage.Graph;

/// <summary>
/// Applying a label, exactly once and never over the user's own categories:
/// <list type="bullet">
/// <item>One PATCH per message sets the label (categories: the message's categories as listed plus the label's) and the
/// triaged marker together, sent with If-Match (the change key listed), so a message the user changed since is never
/// overwritten: Graph answers 412, the message is read again, and a message that carries the marker already (a PATCH whose
/// answer was lost) is done, one the user labelled meanwhile is left alone, any other is PATCHed once more.</item>
/// <item>A label that moves the message (folders, or a label that archives) is written down before the PATCH, and crossed
/// out once moved: a run killed in between finishes the move next time, once (see <see cref="FinishMovesAsync"/>).</item>
/// </list>
/// 20 PATCHes (or moves) go in a $batch; a batch refused as a whole is sent again in halves, down to the message at fault.
/// </summary>
internal sealed partial class GraphSession
{
    public async Task<IReadOnlyCollection<string>> ApplyAsync(LabelGroup group, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        if (_dryRun)
        {
            throw new InvalidOperationException("A dry run writes no labels.");
        }

        var ids = group.Messages.Select(m => m.Id).Distinct(StringComparer.Ordinal).ToList();
        var folders = _options.EffectiveLabelMode == GraphLabelMode.Folders;
        var target = folders ? _opened.LabelFolders.GetValueOrDefault(group.Label) : group.Action == LabelAction.Archive ? _opened.ArchiveId : null;
        if (folders && target is null)
        {
            LogUnknownLabel(_logger, group.Label, ids.Count);
            return ids;
        }

        var failed = new HashSet<string>(StringComparer.Ordinal);
        if (target is not null)
        {
            // Written before the first change: a kill anywhere after this finds the move to finish.
            await UpdateStateAsync(s => s.Moves.AddRange(ids.Where(id => !s.Moves.Exists(m => m.Id == id)).Select(id => new GraphPendingMove(id, _opened.FolderId, target))), cancellationToken);
        }

        var labelled = await LabelAllAsync(ids, group.Label, failed, cancellationToken);
        var done = target is null ? labelled : await MoveAllAsync(labelled, target, group.Label, failed, cancellationToken);
        if (done.Count > 0)
        {
            LogApplied(_logger, group.Label, done.Count, target is null ? "-" : folders ? group.Label : "Archive");
            var finished = done.ToHashSet(StringComparer.Ordinal);
            await UpdateStateAsync(
                s =>
                {
                    s.Waiting.RemoveAll(c => finished.Contains(c.Id));
                    s.Moves.RemoveAll(m => finished.Contains(m.Id));
                },
                CancellationToken.None);
        }

        return [.. ids.Where(id => !done.Contains(id))];
    }

    /// <summary>The label and the marker, in PATCHes of 20 to a $batch; answers the ids that carry both now.</summary>
    private async Task<List<string>> LabelAllAsync(List<string> ids, string label, HashSet<string> failed, CancellationToken cancellationToken)
    {
        var labelled = new List<string>();
        var conflicts = new List<string>();
        var snapshots = await SnapshotsAsync(ids, again: false, labelled, failed, cancellationToken);
        await EachBatchAsync(
            [.. ids.Where(snapshots.ContainsKey)],
            id => Patch(snapshots[id], label),
            (id, answer) =>
            {
                if (answer.IsSuccess)
                {
                    labelled.Add(id);
                }
                else if (answer.Status is 409 or 412)
                {
                    conflicts.Add(id);
                }
                else
                {
                    Refused(id, label, answer.Describe(), failed);
                }
            },
            label,
            failed,
            cancellationToken);
        if (conflicts.Count == 0)
        {
            return labelled;
        }

        // Changed since the listing: what is it now?
        LogChangedSince(_logger, conflicts.Count, label);
        var fresh = await SnapshotsAsync(conflicts, again: true, labelled, failed, cancellationToken);
        await EachBatchAsync(
            [.. conflicts.Where(fresh.ContainsKey)],
            id => Patch(fresh[id], label),
            (id, answer) =>
            {
                if (answer.IsSuccess)
                {
                    labelled.Add(id);
                }
                else
                {
                    Refused(id, label, answer.Describe(), failed);
                }
            },
            label,
            failed,
            cancellationToken);
        return labelled;
    }

    /// <summary>
    /// Each message as the listing saw it, or (<paramref name="again"/>, or not listed by this session) as it is now: one that
    /// carries the marker already is labelled (its PATCH landed though its answer was lost), one the user labelled meanwhile
    /// keeps the user's label.
    /// </summary>
    private async Task<Dictionary<string, GraphCandidate>> SnapshotsAsync(List<string> ids, bool again, List<string> labelled, HashSet<string> failed, CancellationToken cancellationToken)
    {
        var snapshots = new Dictionary<string, GraphCandidate>(StringComparer.Ordinal);
        var toRead = new List<string>();
        foreach (var id in ids)
        {
            if (!again && _candidates.TryGetValue(id, out var listed))
            {
                snapshots[id] = listed;
            }
            else
            {
                toRead.Add(id);
            }
        }

        await EachBatchAsync(
            toRead,
            id => GraphRequest.Get($"{_paths.Message(id)}?$select=categories,hasAttachments,receivedDateTime&$expand={Uri.EscapeDataString(GraphMarker.Expand)}"),
            (id, answer) =>
            {
                if (!answer.IsSuccess)
                {
                    Refused(id, "-", answer.Describe(), failed);
                    return;
                }

                var message = answer.Read(GraphJsonContext.Default.GraphMessage);
                if (message.Marker is not null)
                {
                    LogAlreadyLabelled(_logger, id, message.Marker);
                    labelled.Add(id);
                }
                else if (IsTriaged(message))
                {
                    LogUserLabelled(_logger, id);
                    failed.Add(id);
                }
                else
                {
                    _candidates[id] = snapshots[id] = new GraphCandidate(id, message.ETag, message.Categories ?? [], message.HasAttachments == true, message.Received);
                }
            },
            "-",
            failed,
            cancellationToken);
        return snapshots;
    }

    /// <summary>The message's categories as listed, with the label's added (never one taken away), and the marker; If-Match the change key listed.</summary>
    private GraphRequest Patch(GraphCandidate message, string label)
    {
        var body = new JsonObject { ["singleValueExtendedProperties"] = GraphMarker.Set(label) };
        if (_options.EffectiveLabelMode == GraphLabelMode.Categories)
        {
            var categories = message.Categories.Any(c => string.Equals(c, label, StringComparison.OrdinalIgnoreCase)) ? message.Categories : [.. message.Categories, label];
            body["categories"] = new JsonArray([.. categories.Select(c => (JsonNode)c)]);
        }

        return GraphRequest.Patch(_paths.Message(message.Id), body, message.ETag);
    }

    /// <summary>Moves what was labelled to <paramref name="target"/>, 20 to a $batch; answers the ids moved.</summary>
    private async Task<List<string>> MoveAllAsync(List<string> ids, string target, string label, HashSet<string> failed, CancellationToken cancellationToken)
    {
        var moved = new List<string>();
        await EachBatchAsync(
            ids,
            id => GraphRequest.Post($"{_paths.Message(id)}/move", new JsonObject { ["destinationId"] = target }),
            (id, answer) =>
            {
                if (answer.IsSuccess)
                {
                    moved.Add(id);
                }
                else
                {
                    // The label is on the message; the move is still written down, so the next run finishes it.
                    Refused(id, label, answer.Describe(), failed);
                }
            },
            label,
            failed,
            cancellationToken);
        return moved;
    }

    /// <summary>
    /// The requests for <paramref name="ids"/>, 20 to a $batch, each answer handed to <paramref name="answered"/>. A batch
    /// refused as a whole is sent again in halves; when Graph stops answering, what is not done is failed and waits.
    /// </summary>
    private async Task EachBatchAsync(
        List<string> ids, Func<string, GraphRequest> request, Action<string, GraphResponse> answered, string label, HashSet<string> failed, CancellationToken cancellationToken)
    {
        var answeredIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in ids.Chunk(GraphHttp.MaxBatchParts))
        {
            try
            {
                var refused = await BatchHalving.RunAsync(
                    chunk,
                    async part =>
                    {
                        var answers = await _http.BatchAsync([.. part.Select(request)], cancellationToken);
                        for (var i = 0; i < part.Count; i++)
                        {
                            answeredIds.Add(part[i]);
                            answered(part[i], answers[i]);
                        }
                    },
                    GraphErrors.IsBatchFault,
                    cancellationToken,
                    3 * ((int)Math.Ceiling(Math.Log2(Math.Max(chunk.Length, 2))) + 2));
                foreach (var (id, error) in refused)
                {
                    Refused(id, label, GraphErrors.Describe(error), failed);
                }
            }
            catch (Exception ex) when (GraphErrors.IsCallFailure(ex, cancellationToken))
            {
                // Graph is not answering (or refuses the sign-in): the rest waits for the next run, whose listing finds it.
                var left = ids.Where(id => !answeredIds.Contains(id)).ToList();
                LogApplyStopped(_logger, label, left.Count, GraphErrors.Describe(ex));
                failed.UnionWith(left);
                return;
            }
        }
    }

    private void Refused(string id, string label, string error, HashSet<string> failed)
    {
        LogApplyRefused(_logger, label, id, error);
        failed.Add(id);
    }

    /// <summary>
    /// The moves a killed run began and did not finish. A message that carries the marker and is still in the triaged folder
    /// is moved; one without the marker was never labelled (it is still a candidate); one elsewhere was moved already (by the
    /// app, or by the user since). Each move is made once.
    /// </summary>
    private async Task FinishMovesAsync(GraphTriageState state, CancellationToken cancellationToken)
    {
        var pending = state.Moves.ToList();
        var (finished, toMove) = (new HashSet<string>(StringComparer.Ordinal), new List<GraphPendingMove>());
        var failed = new HashSet<string>(StringComparer.Ordinal);
        await EachBatchAsync(
            [.. pending.Select(m => m.Id)],
            id => GraphRequest.Get($"{_paths.Message(id)}?$select=parentFolderId&$expand={Uri.EscapeDataString(GraphMarker.Expand)}"),
            (id, answer) =>
            {
                var move = pending.First(m => m.Id == id);
                if (answer.Status == 404)
                {
                    finished.Add(id);
                    return;
                }

                if (!answer.IsSuccess)
                {
                    return;
                }

                var message = answer.Read(GraphJsonContext.Default.GraphMessage);
                if (message.Marker is not null && message.ParentFolderId == move.From)
                {
                    toMove.Add(move);
                }
                else
                {
                    finished.Add(id);
                }
            },
            "-",
            failed,
            cancellationToken);
        foreach (var byTarget in toMove.GroupBy(m => m.To))
        {
            var moved = await MoveAllAsync([.. byTarget.Select(m => m.Id)], byTarget.Key, "-", failed, cancellationToken);
            finished.UnionWith(moved);
        }

        if (finished.Count > 0)
        {
            var moved = toMove.Count(m => finished.Contains(m.Id));
            LogMovesFinished(_logger, moved, finished.Count);
            await UpdateStateAsync(s => s.Moves.RemoveAll(m => finished.Contains(m.Id)), cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Graph label {Label} applied to {Count} messages (moved to: {Folder})")]
    private static partial void LogApplied(ILogger logger, string label, int count, string folder);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} messages changed since the listing, before label {Label} was applied; reading them again")]
    private static partial void LogChangedSince(ILogger logger, int count, string label);

    [LoggerMessage(Level = LogLevel.Information, Message = "Graph message {MessageId} carries the triaged marker ({Label}) already: an earlier write landed")]
    private static partial void LogAlreadyLabelled(ILogger logger, string messageId, string label);

    [LoggerMessage(Level = LogLevel.Information, Message = "Graph message {MessageId} was labelled by the user meanwhile; the user's label stands")]
    private static partial void LogUserLabelled(ILogger logger, string messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Graph label {Label} could not be applied to message {MessageId} ({Error}); it is left for the next run")]
    private static partial void LogApplyRefused(ILogger logger, string label, string messageId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopped applying Graph label {Label} ({Error}); {Count} messages are left for the next run")]
    private static partial void LogApplyStopped(ILogger logger, string label, int count, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Graph label {Label} has no folder, so {Count} messages are left for the next run; was the session opened as a dry run?")]
    private static partial void LogUnknownLabel(ILogger logger, string label, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Finished {Moved} moves an earlier run began ({Settled} settled)")]
    private static partial void LogMovesFinished(ILogger logger, int moved, int settled);
}
