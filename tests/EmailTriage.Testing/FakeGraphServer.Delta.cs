using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Primitives;

namespace EmailTriage.Testing;

/// <summary>
/// Delta queries on a folder's messages: the first round lists every message (after <c>receivedDateTime ge</c> when
/// filtered), later rounds what changed since the round's delta link: messages added, moved in or changed, in full (the
/// <c>$select</c> of the first request, which the links carry), and messages that left as <c>@removed</c>. Pages follow
/// <c>Prefer: odata.maxpagesize</c>; the last page carries the <c>@odata.deltaLink</c>. An expired link answers 410.
/// </summary>
public sealed partial class FakeGraphServer
{
    private readonly List<(string FolderId, string Id, string RestId, long Sequence)> _tombstones = [];
    private readonly Dictionary<string, DeltaState> _deltaTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DeltaPaging> _pagings = new(StringComparer.Ordinal);

    /// <summary>How many delta rounds were started from a delta link (not counting first rounds and next pages).</summary>
    public int DeltaRoundsFromLink { get; private set; }

    private FakeGraphResponse DeltaLocked(string userPath, string folderKey, Dictionary<string, StringValues> query, IReadOnlyDictionary<string, string> headers, bool immutable)
    {
        var folder = FolderByKeyLocked(folderKey);
        if (folder is null)
        {
            return FakeGraphResponse.NotFound();
        }

        var link = $"{BaseUrl}{userPath}/mailFolders/{Uri.EscapeDataString(folderKey)}/messages/delta";
        var size = PageSize(headers, query);
        if (query.TryGetValue("$skiptoken", out var skip))
        {
            return _pagings.Remove(skip.ToString(), out var paging)
                ? PageLocked(link, paging, size)
                : FakeGraphResponse.BadRequest("The skip token is not valid.");
        }

        DeltaQuery asked;
        long since;
        if (query.TryGetValue("$deltatoken", out var token))
        {
            if (!_deltaTokens.TryGetValue(token.ToString(), out var state) || state.FolderId != folder.Id)
            {
                return FakeGraphResponse.Error(410, "SyncStateNotFound", "The sync state generation is not found. The sync state might have expired; start a new round.");
            }

            (asked, since) = (state.Query, state.Sequence);
            DeltaRoundsFromLink++;
        }
        else
        {
            asked = new DeltaQuery(
                query.TryGetValue("$select", out var select) ? select.ToString() : null,
                query.TryGetValue("$expand", out var expand) ? expand.ToString() : null,
                query.TryGetValue("$filter", out var filter) ? ReceivedSince(filter.ToString()) : null);
            since = -1;
        }

        var items = new List<JsonNode>();
        var present = _messages.Where(m => m.FolderId == folder.Id && m.LastChange > since && (asked.Since is not { } from || m.Received >= from)).OrderBy(m => m.LastChange);
        items.AddRange(present.Select(m => Render(m, asked.Select, asked.Expand, immutable)));
        if (since >= 0)
        {
            var here = _messages.Where(m => m.FolderId == folder.Id).Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
            var gone = _tombstones.Where(t => t.FolderId == folder.Id && t.Sequence > since && !here.Contains(t.Id)).DistinctBy(t => t.Id);
            items.AddRange(gone.Select(t => (JsonNode)new JsonObject
            {
                ["@odata.type"] = "#microsoft.graph.message",
                ["id"] = immutable ? t.Id : t.RestId,
                ["@removed"] = new JsonObject { ["reason"] = "deleted" },
            }));
        }

        var next = NewToken();
        _deltaTokens[next] = new DeltaState(folder.Id, _sequence, asked);
        return PageLocked(link, new DeltaPaging(new Queue<JsonNode>(items), next), size);
    }

    private FakeGraphResponse PageLocked(string link, DeltaPaging paging, int size)
    {
        var page = new JsonArray();
        while (page.Count < size && paging.Remaining.TryDequeue(out var item))
        {
            page.Add(item);
        }

        var answer = new JsonObject { ["@odata.context"] = $"{BaseUrl}$metadata#Collection(message)", ["value"] = page };
        if (paging.Remaining.Count > 0)
        {
            var skip = NewToken();
            _pagings[skip] = paging;
            answer["@odata.nextLink"] = $"{link}?$skiptoken={skip}";
        }
        else
        {
            answer["@odata.deltaLink"] = $"{link}?$deltatoken={paging.DeltaToken}";
        }

        return FakeGraphResponse.Ok(answer);
    }

    private string NewToken() => $"{Guid.NewGuid():N}{++_sequence:x}";

    private static DateTimeOffset ReceivedSince(string filter)
    {
        var match = ReceivedFilter().Match(filter);
        return match.Success
            ? DateTimeOffset.Parse(match.Groups["at"].Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
            : throw new FormatException($"Delta takes only $filter=receivedDateTime ge (or gt) a time, not '{filter}'.");
    }

    [GeneratedRegex(@"^receivedDateTime\s+(ge|gt)\s+(?<at>\S+)$")]
    private static partial Regex ReceivedFilter();

    private sealed record DeltaQuery(string? Select, string? Expand, DateTimeOffset? Since);

    private sealed record DeltaState(string FolderId, long Sequence, DeltaQuery Query);

    private sealed record DeltaPaging(Queue<JsonNode> Remaining, string DeltaToken);
}
