using EmailTriage.Graph.Api;

namespace EmailTriage.Graph;

/// <summary>
/// One round of a folder's delta query: the pages from a delta link (or a first request) up to the next delta link. Each
/// message is asked with its categories, whether it has attachments, whether it is a draft, when it arrived and the triaged
/// marker, and nothing more: its content is read only if it is a candidate.
/// </summary>
internal static class GraphDelta
{
    private const string Select = "categories,hasAttachments,isDraft,receivedDateTime";

    /// <summary>The first request of a folder's first round; <paramref name="since"/> keeps it (and every later round) to mail received since then.</summary>
    public static string FirstUrl(GraphPaths paths, string folderId, DateTimeOffset? since)
    {
        var url = $"{paths.Folder(folderId)}/messages/delta?$select={Select}&$expand={Uri.EscapeDataString(GraphMarker.Expand)}";
        return since is { } from
            ? url + "&$filter=" + Uri.EscapeDataString($"receivedDateTime ge {from.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}")
            : url;
    }

    /// <summary>Every change of the round, the last one per message, and the round's delta link; null when the link has expired (410).</summary>
    public static async Task<GraphDeltaRound?> ReadAsync(GraphHttp http, string url, CancellationToken cancellationToken)
    {
        var changes = new Dictionary<string, GraphMessage>(StringComparer.Ordinal);
        var pages = 0;
        for (var next = url; ;)
        {
            var response = await http.SendAsync(GraphRequest.Get(next, GraphPaths.Paged), cancellationToken);
            if (response.Status == 410)
            {
                // Exchange dropped the sync state (SyncStateNotFound): a new round from the start is the only way on.
                return null;
            }

            var page = response.EnsureSuccess("Reading what changed in the folder (delta)").Read(GraphJsonContext.Default.GraphPageGraphMessage);
            pages++;
            foreach (var change in page.Value.Where(c => c.Id.Length > 0))
            {
                changes.Remove(change.Id);
                changes[change.Id] = change;
            }

            if (page.DeltaLink is { } delta)
            {
                return new GraphDeltaRound([.. changes.Values], delta, pages);
            }

            next = page.NextLink ?? throw new GraphException("Graph answered a delta page with neither a next link nor a delta link");
        }
    }
}

/// <summary>What one delta round found: the changed messages (removed ones marked), the link to the next round, and its cost in pages.</summary>
internal sealed record GraphDeltaRound(IReadOnlyList<GraphMessage> Changes, string DeltaLink, int Pages);
