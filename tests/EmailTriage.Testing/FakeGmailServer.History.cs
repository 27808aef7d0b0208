using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Primitives;

namespace EmailTriage.Testing;

/// <summary>
/// users.history.list: every change the server makes (a message added, labels added or removed by batchModify,
/// modify or <see cref="UserRelabel"/>) is one record with its own, increasing, not contiguous history id.
/// </summary>
public sealed partial class FakeGmailServer
{
    private const int DefaultHistoryPageSize = 100;

    private readonly List<FakeGmailHistoryRecord> _history = [];
    private ulong _historyId = 1000;
    private ulong _historyExpiredBefore;

    /// <summary>The mailbox's current history id, as users.getProfile and users.history.list answer it.</summary>
    public ulong HistoryId
    {
        get
        {
            lock (_gate)
            {
                return _historyId;
            }
        }
    }

    /// <summary>Every record so far, oldest first.</summary>
    public IReadOnlyList<FakeGmailHistoryRecord> History
    {
        get
        {
            lock (_gate)
            {
                return [.. _history];
            }
        }
    }

    /// <summary>At most this many records a page whatever maxResults asks (Gmail's cap is 500); tests lower it to see paging.</summary>
    public int MaxHistoryPageSize { get; set; } = MaxPageSize;

    /// <summary>
    /// What the user does in Gmail's web app: takes label <paramref name="remove"/> off the message and puts
    /// <paramref name="add"/> on, in one change (names or ids). Recorded in history like any other change.
    /// </summary>
    public void UserRelabel(string messageId, string? remove = null, string? add = null)
    {
        lock (_gate)
        {
            var message = FindMessageLocked(messageId);
            ChangeLabelsLocked([message], add is null ? [] : [LabelIdLocked(add)], remove is null ? [] : [LabelIdLocked(remove)]);
        }
    }

    /// <summary>History older than <paramref name="historyId"/> is gone: a list starting before it answers 404, as Gmail does after about a week.</summary>
    public void ExpireHistoryBefore(ulong historyId)
    {
        lock (_gate)
        {
            _historyExpiredBefore = historyId;
        }
    }

    /// <summary>Adds and removes labels on the messages as one change, and records what actually changed.</summary>
    private void ChangeLabelsLocked(IReadOnlyList<FakeGmailMessage> messages, IReadOnlyCollection<string> add, IReadOnlyCollection<string> remove)
    {
        var changes = new List<FakeGmailHistoryChange>();
        foreach (var message in messages)
        {
            var before = message.LabelIds.ToHashSet(StringComparer.Ordinal);
            message.LabelIds.UnionWith(add);
            message.LabelIds.ExceptWith(remove);
            var after = message.LabelIds.Order(StringComparer.Ordinal).ToList();
            var added = after.Where(l => !before.Contains(l)).ToList();
            var removed = before.Where(l => !message.LabelIds.Contains(l)).Order(StringComparer.Ordinal).ToList();
            if (added.Count > 0)
            {
                changes.Add(new FakeGmailHistoryChange(FakeGmailHistoryChange.LabelAdded, message.Id, message.ThreadId, added, after));
            }

            if (removed.Count > 0)
            {
                changes.Add(new FakeGmailHistoryChange(FakeGmailHistoryChange.LabelRemoved, message.Id, message.ThreadId, removed, after));
            }
        }

        RecordLocked(changes);
    }

    private void RecordLocked(List<FakeGmailHistoryChange> changes)
    {
        if (changes.Count == 0)
        {
            return;
        }

        // Gmail's ids increase but leave gaps; a client must not count on them being contiguous.
        _historyId += 1 + ((ulong)_history.Count % 3);
        _history.Add(new FakeGmailHistoryRecord(_historyId, changes));
        foreach (var change in changes)
        {
            _messages.Find(m => m.Id == change.MessageId)!.HistoryId = _historyId;
        }
    }

    private string LabelIdLocked(string nameOrId) =>
        (_labels.Find(l => l.Id == nameOrId) ?? _labels.Find(l => string.Equals(l.Name, nameOrId, StringComparison.OrdinalIgnoreCase)))?.Id
        ?? throw new ArgumentException($"No label named or with id '{nameOrId}'; add it first.", nameof(nameOrId));

    private FakeGmailResponse ListHistoryLocked(Dictionary<string, StringValues> query)
    {
        if (Single(query, "startHistoryId") is not { } startText)
        {
            return FakeGmailResponse.BadRequest("Missing required parameter: startHistoryId");
        }

        var start = ulong.Parse(startText, NumberStyles.None, CultureInfo.InvariantCulture);
        if (start < _historyExpiredBefore)
        {
            return FakeGmailResponse.NotFound();
        }

        var types = query.TryGetValue("historyTypes", out var wanted) ? wanted.OfType<string>().ToHashSet(StringComparer.Ordinal) : null;
        if (types?.FirstOrDefault(t => t is not (FakeGmailHistoryChange.MessageAdded or FakeGmailHistoryChange.LabelAdded or FakeGmailHistoryChange.LabelRemoved or "messageDeleted")) is { } unknown)
        {
            return FakeGmailResponse.BadRequest($"Invalid value at 'history_types' ({unknown})");
        }

        var labelId = Single(query, "labelId");
        var maxResults = Math.Min(MaxHistoryPageSize, int.Parse(Single(query, "maxResults") ?? DefaultHistoryPageSize.ToString(CultureInfo.InvariantCulture), NumberStyles.None, CultureInfo.InvariantCulture));

        // The token is the id of the last record handed out: later records only append, so pages never shift.
        var after = Single(query, "pageToken") is { } token ? ulong.Parse(token, NumberStyles.None, CultureInfo.InvariantCulture) : start;
        var matching = _history
            .Where(r => r.Id > after)
            .Select(r => r with { Changes = [.. r.Changes.Where(c => (types is null || types.Contains(c.Type)) && (labelId is null || c.LabelsAfter.Contains(labelId) || c.LabelIds.Contains(labelId)))] })
            .Where(r => r.Changes.Count > 0)
            .ToList();
        var page = matching.Take(maxResults).ToList();
        var result = new JsonObject();
        if (page.Count > 0)
        {
            result["history"] = new JsonArray([.. page.Select(HistoryJson)]);
        }

        if (page.Count < matching.Count)
        {
            result["nextPageToken"] = page[^1].Id.ToString(CultureInfo.InvariantCulture);
        }

        result["historyId"] = _historyId.ToString(CultureInfo.InvariantCulture);
        return FakeGmailResponse.Ok(result);
    }

    private static JsonNode HistoryJson(FakeGmailHistoryRecord record)
    {
        var json = new JsonObject
        {
            ["id"] = record.Id.ToString(CultureInfo.InvariantCulture),
            ["messages"] = new JsonArray([.. record.Changes.DistinctBy(c => c.MessageId).Select(c => (JsonNode)new JsonObject { ["id"] = c.MessageId, ["threadId"] = c.ThreadId })]),
        };
        AddChanges(json, record, FakeGmailHistoryChange.MessageAdded, "messagesAdded");
        AddChanges(json, record, FakeGmailHistoryChange.LabelAdded, "labelsAdded");
        AddChanges(json, record, FakeGmailHistoryChange.LabelRemoved, "labelsRemoved");
        return json;
    }

    private static void AddChanges(JsonObject json, FakeGmailHistoryRecord record, string type, string field)
    {
        var changes = record.Changes.Where(c => c.Type == type).ToList();
        if (changes.Count == 0)
        {
            return;
        }

        json[field] = new JsonArray([.. changes.Select(c =>
        {
            var entry = new JsonObject
            {
                ["message"] = new JsonObject
                {
                    ["id"] = c.MessageId,
                    ["threadId"] = c.ThreadId,
                    ["labelIds"] = new JsonArray([.. c.LabelsAfter.Select(l => (JsonNode)l)]),
                },
            };
            if (type != FakeGmailHistoryChange.MessageAdded)
            {
                entry["labelIds"] = new JsonArray([.. c.LabelIds.Select(l => (JsonNode)l)]);
            }

            return (JsonNode)entry;
        })]);
    }
}
