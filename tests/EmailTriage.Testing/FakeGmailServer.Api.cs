using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Primitives;

namespace EmailTriage.Testing;

/// <summary>The Gmail calls, answered from the server's state (callers hold <c>_gate</c>).</summary>
public sealed partial class FakeGmailServer
{
    private const int MaxPageSize = 500;
    private const int MaxModifyIds = 1000;

    private FakeGmailResponse ProfileLocked() =>
        FakeGmailResponse.Ok(new JsonObject { ["emailAddress"] = EmailAddress, ["messagesTotal"] = _messages.Count, ["historyId"] = _historyId.ToString(CultureInfo.InvariantCulture) });

    private FakeGmailResponse ListLabelsLocked() =>
        FakeGmailResponse.Ok(new JsonObject { ["labels"] = new JsonArray([.. _labels.Select(LabelJson)]) });

    private FakeGmailResponse CreateLabelLocked(string? body)
    {
        var json = ParseBody(body);
        var name = json?["name"]?.GetValue<string>()?.Trim();
        if (string.IsNullOrEmpty(name) || IsReservedName(name))
        {
            return FakeGmailResponse.BadRequest("Invalid label name");
        }

        if (_concurrentCreates.Remove(name))
        {
            CreateLabelLocked(name, json?["labelListVisibility"]?.GetValue<string>(), json?["messageListVisibility"]?.GetValue<string>());
        }

        if (_labels.Exists(l => string.Equals(l.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            return FakeGmailResponse.Error(409, "ALREADY_EXISTS", "duplicate", "Label name exists or conflicts");
        }

        var label = CreateLabelLocked(name, json?["labelListVisibility"]?.GetValue<string>(), json?["messageListVisibility"]?.GetValue<string>());
        return FakeGmailResponse.Ok(LabelJson(label));
    }

    private FakeGmailResponse ListMessagesLocked(Dictionary<string, StringValues> query)
    {
        var search = FakeGmailQuery.Parse(Single(query, "q"), SearchLabelIdLocked, Now);
        var labelIds = query.TryGetValue("labelIds", out var ids) ? ids.OfType<string>().ToList() : [];
        var includeSpamTrash = string.Equals(Single(query, "includeSpamTrash"), "true", StringComparison.OrdinalIgnoreCase);
        var maxResults = Math.Min(MaxPageSize, int.Parse(Single(query, "maxResults") ?? "100", NumberStyles.None, CultureInfo.InvariantCulture));
        var offset = int.Parse(Single(query, "pageToken") ?? "0", NumberStyles.None, CultureInfo.InvariantCulture);

        // Newest first, as Gmail lists; a page token is an offset into whatever matches now.
        var matching = _messages
            .Where(m => includeSpamTrash || !(m.LabelIds.Contains("SPAM") || m.LabelIds.Contains("TRASH")))
            .Where(m => labelIds.TrueForAll(m.LabelIds.Contains) && search.Matches(m))
            .OrderByDescending(m => m.Received)
            .ThenByDescending(m => m.Id, StringComparer.Ordinal)
            .ToList();
        var page = matching.Skip(offset).Take(maxResults).ToList();
        var result = new JsonObject();
        if (page.Count > 0)
        {
            result["messages"] = new JsonArray([.. page.Select(m => (JsonNode)new JsonObject { ["id"] = m.Id, ["threadId"] = m.ThreadId })]);
        }

        if (offset + page.Count < matching.Count)
        {
            result["nextPageToken"] = (offset + page.Count).ToString(CultureInfo.InvariantCulture);
        }

        result["resultSizeEstimate"] = matching.Count;
        return FakeGmailResponse.Ok(result);
    }

    private FakeGmailResponse GetMessageLocked(string messageId, Dictionary<string, StringValues> query)
    {
        var message = _messages.Find(m => m.Id == messageId);
        if (message is null)
        {
            return FakeGmailResponse.NotFound();
        }

        var format = Single(query, "format") ?? "full";
        var json = new JsonObject
        {
            ["id"] = message.Id,
            ["threadId"] = message.ThreadId,
            ["labelIds"] = new JsonArray([.. message.LabelIds.Order(StringComparer.Ordinal).Select(l => (JsonNode)l)]),
            ["snippet"] = "",
            ["sizeEstimate"] = message.Raw.Length,
            ["historyId"] = message.HistoryId.ToString(CultureInfo.InvariantCulture),
            ["internalDate"] = message.Received.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
        };
        switch (format)
        {
            case "raw":
                json["raw"] = Convert.ToBase64String(message.Raw).Replace('+', '-').Replace('/', '_');
                break;
            case "metadata" or "full":
                var wanted = query.TryGetValue("metadataHeaders", out var names) && format == "metadata" ? names.OfType<string>().ToList() : null;
                var headers = Headers(message.Raw).Where(h => wanted is null || wanted.Contains(h.Name, StringComparer.OrdinalIgnoreCase));
                json["payload"] = new JsonObject
                {
                    ["partId"] = "",
                    ["mimeType"] = "message/rfc822",
                    ["filename"] = "",
                    ["headers"] = new JsonArray([.. headers.Select(h => (JsonNode)new JsonObject { ["name"] = h.Name, ["value"] = h.Value })]),
                };
                break;
            case "minimal":
                break;
            default:
                return FakeGmailResponse.BadRequest($"Invalid value at 'format' ({format})");
        }

        return FakeGmailResponse.Ok(json);
    }

    private FakeGmailResponse BatchModifyLocked(string? body)
    {
        var json = ParseBody(body);
        var ids = Strings(json?["ids"]);
        var add = Strings(json?["addLabelIds"]);
        var remove = Strings(json?["removeLabelIds"]);
        if (ids.Count == 0)
        {
            return FakeGmailResponse.BadRequest("No message ids specified.");
        }

        if (ids.Count > MaxModifyIds)
        {
            return FakeGmailResponse.BadRequest($"Too many ids: at most {MaxModifyIds} per request.");
        }

        if (add.Concat(remove).FirstOrDefault(l => !_labels.Exists(x => x.Id == l)) is { } unknownLabel)
        {
            return FakeGmailResponse.BadRequest($"Invalid label: {unknownLabel}");
        }

        var messages = ids.Select(id => _messages.Find(m => m.Id == id)).ToList();
        if (messages.Contains(null))
        {
            return FakeGmailResponse.BadRequest("Invalid id value");
        }

        var touched = messages.OfType<FakeGmailMessage>().ToList();
        foreach (var message in touched)
        {
            message.ModifyCount++;
        }

        // One call is one change in history, however many messages it touched.
        ChangeLabelsLocked(touched, add, remove);
        return FakeGmailResponse.NoContent;
    }

    private FakeGmailResponse ModifyLocked(string messageId, string? body)
    {
        var json = ParseBody(body);
        var add = Strings(json?["addLabelIds"]);
        var remove = Strings(json?["removeLabelIds"]);
        if (add.Concat(remove).FirstOrDefault(l => !_labels.Exists(x => x.Id == l)) is { } unknownLabel)
        {
            return FakeGmailResponse.BadRequest($"Invalid label: {unknownLabel}");
        }

        var message = _messages.Find(m => m.Id == messageId);
        if (message is null)
        {
            return FakeGmailResponse.NotFound();
        }

        message.ModifyCount++;
        ChangeLabelsLocked([message], add, remove);
        return FakeGmailResponse.Ok(new JsonObject
        {
            ["id"] = message.Id,
            ["threadId"] = message.ThreadId,
            ["labelIds"] = new JsonArray([.. message.LabelIds.Order(StringComparer.Ordinal).Select(l => (JsonNode)l)]),
        });
    }

    private string? SearchLabelIdLocked(string searchName) =>
        _labels.Find(l => FakeGmailQuery.SearchName(l.Name) == searchName)?.Id;

    private static JsonNode LabelJson(FakeGmailLabel label)
    {
        var json = new JsonObject { ["id"] = label.Id, ["name"] = label.Name };
        if (label.MessageListVisibility is not null)
        {
            json["messageListVisibility"] = label.MessageListVisibility;
        }

        if (label.LabelListVisibility is not null)
        {
            json["labelListVisibility"] = label.LabelListVisibility;
        }

        json["type"] = label.Type;
        return json;
    }

    private static string? Single(Dictionary<string, StringValues> query, string name) =>
        query.TryGetValue(name, out var values) ? values.ToString() : null;

    private static List<string> Strings(JsonNode? array) =>
        array is JsonArray items ? [.. items.Select(i => i!.GetValue<string>())] : [];

    private static IEnumerable<(string Name, string Value)> Headers(byte[] raw)
    {
        var text = Encoding.UTF8.GetString(raw);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal) is var crlf and >= 0 ? crlf : text.IndexOf("\n\n", StringComparison.Ordinal);
        var block = (end < 0 ? text : text[..end]).Replace("\r\n", "\n", StringComparison.Ordinal);
        var unfolded = block.Replace("\n ", " ", StringComparison.Ordinal).Replace("\n\t", " ", StringComparison.Ordinal);
        foreach (var line in unfolded.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                yield return (line[..colon].Trim(), line[(colon + 1)..].Trim());
            }
        }
    }
}
