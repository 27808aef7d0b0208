using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Primitives;

namespace EmailTriage.Testing;

/// <summary>Messages, folders and the master category list, answered as Graph's mail API answers them.</summary>
public sealed partial class FakeGraphServer
{
    private FakeGraphResponse GetMessageLocked(string id, Dictionary<string, StringValues> query, bool immutable)
    {
        var message = FindMessageLocked(id);
        return message is null ? FakeGraphResponse.NotFound() : FakeGraphResponse.Ok(Render(message, query, immutable));
    }

    private FakeGraphResponse GetValueLocked(string id)
    {
        var message = FindMessageLocked(id);
        if (message is null)
        {
            return FakeGraphResponse.NotFound();
        }

        return _failedValues.TryGetValue(message.Id, out var status)
            ? FakeGraphResponse.Error(status, status == 404 ? "ErrorItemNotFound" : "InternalServerError", "The fake Graph server fails this message's MIME, as asked.")
            : new FakeGraphResponse(200, Bytes: message.Mime);
    }

    private FakeGraphResponse PatchLocked(string id, IReadOnlyDictionary<string, string> headers, string? body, bool immutable)
    {
        var message = FindMessageLocked(id);
        if (message is null)
        {
            return FakeGraphResponse.NotFound();
        }

        // Exchange checks the change key the client read: a message changed since then is not overwritten.
        if (headers.TryGetValue("If-Match", out var ifMatch) && ifMatch != "*" && ifMatch != message.ETag)
        {
            return FakeGraphResponse.Error(412, "ErrorIrresolvableConflict", "The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.");
        }

        var patch = ParseBody(body) as JsonObject ?? throw new FormatException("A PATCH needs a JSON object body.");
        var labelled = false;
        if (patch["categories"] is JsonArray categories)
        {
            message.Categories = [.. categories.Select(c => c!.GetValue<string>())];
            labelled = true;
        }

        if (patch["singleValueExtendedProperties"] is JsonArray properties)
        {
            foreach (var property in properties.OfType<JsonObject>())
            {
                message.Properties[property["id"]!.GetValue<string>()] = property["value"]!.GetValue<string>();
            }

            labelled = true;
        }

        if (patch["isRead"] is JsonValue read)
        {
            message.IsRead = read.GetValue<bool>();
        }

        ChangedLocked(message);
        if (labelled)
        {
            message.LabelWrites++;
        }

        return FakeGraphResponse.Ok(Render(message, select: null, expand: null, immutable));
    }

    private FakeGraphResponse MoveByClientLocked(string id, string? body, bool immutable)
    {
        var message = FindMessageLocked(id);
        if (message is null)
        {
            return FakeGraphResponse.NotFound();
        }

        var destination = ParseBody(body)?["destinationId"]?.GetValue<string>() ?? throw new FormatException("A move needs destinationId.");

        // An id or a well-known name, as Graph takes them; a display name is not an id.
        var target = _folders.Find(f => f.Id == destination || string.Equals(f.WellKnownName, destination, StringComparison.OrdinalIgnoreCase));
        if (target is null)
        {
            return FakeGraphResponse.Error(400, "ErrorInvalidIdMalformed", "Id is malformed.");
        }

        MoveLocked(message, target);
        return FakeGraphResponse.Ok(Render(message, select: null, expand: null, immutable), 201);
    }

    private FakeGraphResponse ListMessagesLocked(string userPath, string? folderKey, Dictionary<string, StringValues> query, IReadOnlyDictionary<string, string> headers, bool immutable)
    {
        IEnumerable<FakeGraphMessage> messages;
        if (folderKey is not null)
        {
            var folder = FolderByKeyLocked(folderKey);
            if (folder is null)
            {
                return FakeGraphResponse.NotFound();
            }

            messages = _messages.Where(m => m.FolderId == folder.Id);
        }
        else
        {
            messages = _messages;
        }

        if (query.TryGetValue("$filter", out var filter))
        {
            // Only what clients of this app ask: categories/any(c:c eq 'Name').
            var match = CategoryFilter().Match(filter.ToString());
            if (!match.Success)
            {
                throw new FormatException($"The fake Graph server does not support the filter '{filter}'.");
            }

            var name = match.Groups["name"].Value.Replace("''", "'", StringComparison.Ordinal);
            messages = messages.Where(m => m.Categories.Contains(name, StringComparer.OrdinalIgnoreCase));
        }

        var all = messages.OrderByDescending(m => m.Received).ToList();
        var skip = query.TryGetValue("$skip", out var s) ? int.Parse(s!, CultureInfo.InvariantCulture) : 0;
        var size = PageSize(headers, query);
        var page = new JsonObject { ["value"] = new JsonArray([.. all.Skip(skip).Take(size).Select(m => (JsonNode)Render(m, query, immutable))]) };
        if (skip + size < all.Count)
        {
            var rest = query.Where(q => q.Key != "$skip").Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value.ToString())}").Append($"$skip={skip + size}");
            var path = folderKey is null ? $"{userPath}/messages" : $"{userPath}/mailFolders/{Uri.EscapeDataString(folderKey)}/messages";
            page["@odata.nextLink"] = $"{BaseUrl}{path}?{string.Join('&', rest)}";
        }

        return FakeGraphResponse.Ok(page);
    }

    private FakeGraphResponse GetFolderLocked(string key)
    {
        var folder = FolderByKeyLocked(key);
        return folder is null ? FakeGraphResponse.NotFound() : FakeGraphResponse.Ok(RenderFolder(folder));
    }

    private FakeGraphResponse ListFoldersLocked(string userPath, string? parentKey, Dictionary<string, StringValues> query)
    {
        var parent = parentKey is null ? Root : FolderByKeyLocked(parentKey);
        if (parent is null)
        {
            return FakeGraphResponse.NotFound();
        }

        IEnumerable<FakeGraphFolder> children = _folders.Where(f => f.ParentId == parent.Id);
        if (query.TryGetValue("$filter", out var filter))
        {
            var match = NameFilter().Match(filter.ToString());
            if (!match.Success)
            {
                throw new FormatException($"The fake Graph server does not support the filter '{filter}'.");
            }

            var name = match.Groups["name"].Value.Replace("''", "'", StringComparison.Ordinal);
            children = children.Where(f => string.Equals(f.DisplayName, name, StringComparison.OrdinalIgnoreCase));
        }

        var skip = query.TryGetValue("$skip", out var s) ? int.Parse(s!, CultureInfo.InvariantCulture) : 0;
        var size = query.TryGetValue("$top", out var t) ? int.Parse(t!, CultureInfo.InvariantCulture) : DefaultPageSize;
        var all = children.ToList();
        var page = new JsonObject { ["value"] = new JsonArray([.. all.Skip(skip).Take(size).Select(f => (JsonNode)RenderFolder(f))]) };
        if (skip + size < all.Count)
        {
            var path = parentKey is null ? $"{userPath}/mailFolders" : $"{userPath}/mailFolders/{Uri.EscapeDataString(parentKey)}/childFolders";
            page["@odata.nextLink"] = $"{BaseUrl}{path}?$top={size}&$skip={skip + size}";
        }

        return FakeGraphResponse.Ok(page);
    }

    private FakeGraphResponse CreateFolderLocked(string? parentKey, string? body)
    {
        var parent = parentKey is null ? Root : FolderByKeyLocked(parentKey);
        if (parent is null)
        {
            return FakeGraphResponse.NotFound();
        }

        var name = ParseBody(body)?["displayName"]?.GetValue<string>();
        if (string.IsNullOrWhiteSpace(name))
        {
            return FakeGraphResponse.BadRequest("displayName is required.");
        }

        if (_folders.Exists(f => f.ParentId == parent.Id && string.Equals(f.DisplayName, name, StringComparison.OrdinalIgnoreCase)))
        {
            return FakeGraphResponse.Error(409, "ErrorFolderExists", "A folder with the specified name already exists.");
        }

        var folder = new FakeGraphFolder(NewId("AQMkADAw"), name, parent.Id, null);
        _folders.Add(folder);
        return FakeGraphResponse.Ok(RenderFolder(folder), 201);
    }

    private FakeGraphResponse ListCategoriesLocked()
    {
        if (DenyMailboxSettings)
        {
            return FakeGraphResponse.Error(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.");
        }

        return FakeGraphResponse.Ok(new JsonObject
        {
            ["value"] = new JsonArray([.. _categories.Select((c, i) => (JsonNode)new JsonObject { ["id"] = $"cat-{i}", ["displayName"] = c.Name, ["color"] = c.Color })]),
        });
    }

    private FakeGraphResponse CreateCategoryLocked(string? body)
    {
        if (DenyMailboxSettings)
        {
            return FakeGraphResponse.Error(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.");
        }

        var json = ParseBody(body);
        var name = json?["displayName"]?.GetValue<string>();
        if (string.IsNullOrWhiteSpace(name))
        {
            return FakeGraphResponse.BadRequest("displayName is required.");
        }

        if (_categories.Exists(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            return FakeGraphResponse.Error(409, "ErrorDuplicateObject", "A category with this name already exists.");
        }

        var color = json?["color"]?.GetValue<string>() ?? "none";
        _categories.Add((name, color));
        return FakeGraphResponse.Ok(new JsonObject { ["id"] = $"cat-{_categories.Count - 1}", ["displayName"] = name, ["color"] = color }, 201);
    }

    /// <summary>A folder by id or well-known name, as the API takes them.</summary>
    private FakeGraphFolder? FolderByKeyLocked(string key) =>
        _folders.Find(f => f.Id == key || string.Equals(f.WellKnownName, key, StringComparison.OrdinalIgnoreCase));

    private JsonObject RenderFolder(FakeGraphFolder folder) => new()
    {
        ["id"] = folder.Id,
        ["displayName"] = folder.DisplayName,
        ["parentFolderId"] = folder.ParentId,
        ["childFolderCount"] = _folders.Count(f => f.ParentId == folder.Id),
        ["totalItemCount"] = _messages.Count(m => m.FolderId == folder.Id),
    };

    /// <summary>A message with the properties <c>$select</c> names (all when none), and the extended properties <c>$expand</c> asks for.</summary>
    private JsonObject Render(FakeGraphMessage message, Dictionary<string, StringValues> query, bool immutable) =>
        Render(message, query.TryGetValue("$select", out var select) ? select.ToString() : null, query.TryGetValue("$expand", out var expand) ? expand.ToString() : null, immutable);

    private JsonObject Render(FakeGraphMessage message, string? select, string? expand, bool immutable)
    {
        var fields = select?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
        bool Wants(string name) => fields is null || fields.Contains(name);
        var json = new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.message",
            ["@odata.etag"] = message.ETag,
            ["id"] = immutable ? message.Id : message.RestId,
        };
        if (Wants("subject"))
        {
            json["subject"] = Header(message.Mime, "Subject");
        }

        if (Wants("receivedDateTime"))
        {
            json["receivedDateTime"] = message.Received.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        }

        if (Wants("categories"))
        {
            json["categories"] = new JsonArray([.. message.Categories.Select(c => (JsonNode)c)]);
        }

        if (Wants("hasAttachments"))
        {
            json["hasAttachments"] = message.HasAttachments;
        }

        if (Wants("parentFolderId"))
        {
            json["parentFolderId"] = message.FolderId;
        }

        if (Wants("isRead"))
        {
            json["isRead"] = message.IsRead;
        }

        if (Wants("isDraft"))
        {
            json["isDraft"] = _folders.Find(f => f.Id == message.FolderId)?.WellKnownName == "drafts";
        }

        if (Wants("internetMessageId"))
        {
            json["internetMessageId"] = Header(message.Mime, "Message-ID");
        }

        if (expand is not null)
        {
            var asked = PropertyIds().Matches(expand).Select(m => m.Groups["id"].Value.Replace("''", "'", StringComparison.Ordinal)).ToList();
            var found = message.Properties.Where(p => asked.Contains(p.Key, StringComparer.OrdinalIgnoreCase)).ToList();

            // Graph leaves the navigation property out when no property matches the filter.
            if (found.Count > 0)
            {
                json["singleValueExtendedProperties"] = new JsonArray([.. found.Select(p => (JsonNode)new JsonObject { ["id"] = p.Key, ["value"] = p.Value })]);
            }
        }

        return json;
    }

    private static string? Header(byte[] mime, string name)
    {
        var text = Encoding.UTF8.GetString(mime);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        foreach (var line in (end < 0 ? text : text[..end]).Split("\r\n"))
        {
            if (line.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))
            {
                return line[(name.Length + 1)..].Trim();
            }
        }

        return null;
    }

    [GeneratedRegex(@"^categories/any\((?<v>\w+):\s*\k<v>\s+eq\s+'(?<name>(?:[^']|'')*)'\)$")]
    private static partial Regex CategoryFilter();

    [GeneratedRegex(@"^displayName\s+eq\s+'(?<name>(?:[^']|'')*)'$")]
    private static partial Regex NameFilter();

    [GeneratedRegex(@"id\s+eq\s+'(?<id>(?:[^']|'')*)'")]
    private static partial Regex PropertyIds();
}
