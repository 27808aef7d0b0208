using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;

namespace EmailTriage.Testing;

/// <summary>
/// A Microsoft-Graph-shaped mail server on 127.0.0.1, one mailbox: messages with their MIME (<c>$value</c>), folders and
/// moves, categories and the master category list, single-value extended properties, delta queries with
/// <c>@odata.nextLink</c>/<c>@odata.deltaLink</c> (and 410 for an expired one), JSON <c>$batch</c> of up to 20 requests,
/// immutable ids only when asked for, bearer tokens (401 once expired), fault injection (429 with Retry-After, a call
/// applied but never answered) and a request log. Start one per test with <see cref="StartAsync"/> and dispose it.
/// </summary>
public sealed partial class FakeGraphServer : IAsyncDisposable
{
    /// <summary>Graph takes at most this many requests in one $batch.</summary>
    public const int MaxBatchParts = 20;

    /// <summary>Graph's page size for delta and lists when the client does not say (Prefer: odata.maxpagesize).</summary>
    public const int DefaultPageSize = 10;

    private static readonly string[] WellKnown = ["inbox", "archive", "drafts", "sentitems", "deleteditems", "junkemail"];

    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly List<FakeGraphFolder> _folders = [];
    private readonly List<FakeGraphMessage> _messages = [];
    private readonly List<(string Name, string Color)> _categories = [];
    private readonly List<FakeGraphRequest> _requests = [];
    private readonly HashSet<string> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<FakeGraphCall, ConcurrentQueue<FakeGraphFault>> _faults = new();
    private readonly ConcurrentDictionary<string, bool> _refusedInBatches = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _failedValues = new(StringComparer.Ordinal);
    private long _sequence;
    private int _nextId;
    private int _nextToken;
    private int _disposed;

    private FakeGraphServer(WebApplication app)
    {
        _app = app;
        var root = new FakeGraphFolder(NewId("AQMkADAw"), "Top of Information Store", null, "msgfolderroot");
        _folders.Add(root);
        foreach (var name in WellKnown)
        {
            _folders.Add(new FakeGraphFolder(NewId("AQMkADAw"), DisplayNameOf(name), root.Id, name));
        }
    }

    /// <summary>The API root with its version and a trailing slash, e.g. <c>http://127.0.0.1:54321/v1.0/</c>: the value for GRAPH_API_BASE_URL.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The mailbox's address: <c>/users/{address}</c> reaches it, as <c>/me</c> does.</summary>
    public string MailboxAddress { get; set; } = $"me.{Guid.NewGuid():N}@contoso.example";

    /// <summary>Added before every HTTP request is answered (a $batch waits once), as the distance to Graph would.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>
    /// How a $batch part carries a message's MIME: base64 (the default, OData's rule for a body that is not JSON and not
    /// text), or as the text itself.
    /// </summary>
    public bool BatchValueAsText { get; set; }

    /// <summary>Answers 403 to the master category list, as Graph does without MailboxSettings.ReadWrite.</summary>
    public bool DenyMailboxSettings { get; set; }

    /// <summary>Now, for <c>receivedDateTime</c> filters; tests may move it.</summary>
    public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;

    public static async Task<FakeGraphServer> StartAsync(CancellationToken ct = default)
    {
        var app = LoopbackHost.CreateBuilder().Build();
        var server = new FakeGraphServer(app);
        app.Run(server.HandleHttpAsync);
        try
        {
            server.BaseUrl = new Uri(await LoopbackHost.StartAsync(app, ct) + "/v1.0/");
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Adds a message (by default to the inbox, received now, unread); answers its immutable id.</summary>
    public string AddMessage(string rfc822, string folder = "inbox", DateTimeOffset? received = null, params string[] categories) =>
        AddMessage(Encoding.UTF8.GetBytes(rfc822), folder, received, categories);

    public string AddMessage(byte[] rfc822, string folder = "inbox", DateTimeOffset? received = null, params string[] categories)
    {
        ArgumentNullException.ThrowIfNull(rfc822);
        ArgumentNullException.ThrowIfNull(categories);
        lock (_gate)
        {
            var target = FindFolderLocked(folder) ?? throw new ArgumentException($"No folder {folder}; add it first.", nameof(folder));
            var attached = Encoding.UTF8.GetString(rfc822).Contains("Content-Disposition: attachment", StringComparison.OrdinalIgnoreCase);
            var message = new FakeGraphMessage(NewId("AAMkADk0"), target.Id, rfc822, received ?? Now, attached) { Categories = [.. categories], LastChange = ++_sequence };
            _messages.Add(message);
            return message.Id;
        }
    }

    /// <summary>Adds a folder as the user would (under the top of the mailbox, or under <paramref name="parent"/>); answers its id.</summary>
    public string AddFolder(string displayName, string? parent = null)
    {
        lock (_gate)
        {
            var parentId = parent is null ? Root.Id : (FindFolderLocked(parent) ?? throw new ArgumentException($"No folder {parent}.", nameof(parent))).Id;
            var folder = new FakeGraphFolder(NewId("AQMkADAw"), displayName, parentId, null);
            _folders.Add(folder);
            return folder.Id;
        }
    }

    /// <summary>A folder's id, by well-known name (inbox, archive, ...), id, or display name (a path with '/' for a child).</summary>
    public string FolderId(string folder)
    {
        lock (_gate)
        {
            return (FindFolderLocked(folder) ?? throw new ArgumentException($"No folder {folder}.", nameof(folder))).Id;
        }
    }

    /// <summary>The display name of the folder a message is in.</summary>
    public string FolderNameOf(string messageId)
    {
        lock (_gate)
        {
            var message = MessageLocked(messageId);
            return _folders.Single(f => f.Id == message.FolderId).DisplayName;
        }
    }

    public IReadOnlyList<string> MessageIds
    {
        get
        {
            lock (_gate)
            {
                return [.. _messages.Select(m => m.Id)];
            }
        }
    }

    public IReadOnlyList<string> CategoriesOf(string messageId)
    {
        lock (_gate)
        {
            return [.. MessageLocked(messageId).Categories];
        }
    }

    /// <summary>A single-value extended property's value on a message, or null.</summary>
    public string? PropertyOf(string messageId, string propertyId)
    {
        lock (_gate)
        {
            return MessageLocked(messageId).Properties.GetValueOrDefault(propertyId);
        }
    }

    /// <summary>How many PATCHes changed the message's categories or extended properties.</summary>
    public int LabelWritesOf(string messageId)
    {
        lock (_gate)
        {
            return MessageLocked(messageId).LabelWrites;
        }
    }

    /// <summary>How many times the message was moved (by the app or the user).</summary>
    public int MovesOf(string messageId)
    {
        lock (_gate)
        {
            return MessageLocked(messageId).Moves;
        }
    }

    /// <summary>The master category list, by name.</summary>
    public IReadOnlyList<string> MasterCategories
    {
        get
        {
            lock (_gate)
            {
                return [.. _categories.Select(c => c.Name)];
            }
        }
    }

    /// <summary>The user's own category, already in their master list.</summary>
    public void AddMasterCategory(string name)
    {
        lock (_gate)
        {
            _categories.Add((name, "preset0"));
        }
    }

    /// <summary>The user sets a message's categories in Outlook (a change delta reports).</summary>
    public void SetCategoriesAsUser(string messageId, params string[] categories)
    {
        lock (_gate)
        {
            var message = MessageLocked(messageId);
            message.Categories = [.. categories];
            ChangedLocked(message);
        }
    }

    /// <summary>The user moves a message to another folder in Outlook.</summary>
    public void MoveAsUser(string messageId, string folder)
    {
        lock (_gate)
        {
            MoveLocked(MessageLocked(messageId), FindFolderLocked(folder) ?? throw new ArgumentException($"No folder {folder}.", nameof(folder)));
        }
    }

    /// <summary>The user reads the message: a change that is no one's label.</summary>
    public void MarkReadAsUser(string messageId)
    {
        lock (_gate)
        {
            var message = MessageLocked(messageId);
            message.IsRead = true;
            ChangedLocked(message);
        }
    }

    /// <summary>Deletes a message for good, as the user (or another client) may between a listing and the labels.</summary>
    public void DeleteMessage(string messageId)
    {
        lock (_gate)
        {
            var message = MessageLocked(messageId);
            _tombstones.Add((message.FolderId, message.Id, message.RestId, ++_sequence));
            _messages.Remove(message);
        }
    }

    /// <summary>An access token this server takes until <see cref="ExpireAccessTokens"/>.</summary>
    public string IssueAccessToken()
    {
        lock (_gate)
        {
            var token = $"fake-graph-token-{++_nextToken}";
            _tokens.Add(token);
            return token;
        }
    }

    /// <summary>Every token issued so far stops working (401), as after an hour or a revoked sign-in.</summary>
    public void ExpireAccessTokens()
    {
        lock (_gate)
        {
            _tokens.Clear();
        }
    }

    /// <summary>Every delta link handed out so far answers 410 Gone, as Exchange does once a sync state is dropped.</summary>
    public void ExpireDeltaTokens()
    {
        lock (_gate)
        {
            _deltaTokens.Clear();
        }
    }

    /// <summary>Snapshot of every call received, in arrival order.</summary>
    public IReadOnlyList<FakeGraphRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>HTTP requests that reached the server: a $batch counts once, however many parts it carries.</summary>
    public int HttpRequestCount => Requests.Count(r => !r.InBatch);

    /// <summary>How many calls of a kind were made, alone or as parts of a $batch.</summary>
    public int CountOf(FakeGraphCall call) => Requests.Count(r => r.Call == call);

    /// <summary>Queues a fault for the next call of that kind (FIFO), alone or in a $batch.</summary>
    public void EnqueueFault(FakeGraphCall call, FakeGraphFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        _faults.GetOrAdd(call, _ => new ConcurrentQueue<FakeGraphFault>()).Enqueue(fault);
    }

    /// <summary>From now on a $batch that names this message fails as a whole (500); the message alone is answered as usual.</summary>
    public void RefuseBatchesAsking(string messageId) => _refusedInBatches[messageId] = true;

    /// <summary>From now on reading this message's MIME answers <paramref name="status"/>.</summary>
    public void FailValueOf(string messageId, int status) => _failedValues[messageId] = status;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await LoopbackHost.StopAsync(_app, _stopping);
    }

    private FakeGraphFolder Root => _folders[0];

    private static string DisplayNameOf(string wellKnown) => wellKnown switch
    {
        "inbox" => "Inbox",
        "archive" => "Archive",
        "drafts" => "Drafts",
        "sentitems" => "Sent Items",
        "deleteditems" => "Deleted Items",
        _ => "Junk Email",
    };

    /// <summary>Ids shaped like Exchange's: URL-safe base64 with '-', '_' and '=' padding, which a client must escape in a path.</summary>
    private string NewId(string prefix)
    {
        var bytes = new byte[24];
        BitConverter.TryWriteBytes(bytes, ++_nextId);
        Guid.NewGuid().TryWriteBytes(bytes.AsSpan(4));
        bytes[20] = 0xfb;
        bytes[21] = 0xff;
        return prefix + Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_')[..^1] + "=";
    }

    private FakeGraphMessage MessageLocked(string id) =>
        FindMessageLocked(id) ?? throw new ArgumentException($"No message with id {id}.", nameof(id));

    /// <summary>By immutable id or by the REST id it has now; a REST id from before a move names nothing.</summary>
    private FakeGraphMessage? FindMessageLocked(string id) => _messages.Find(m => m.Id == id || m.RestId == id);

    private FakeGraphFolder? FindFolderLocked(string folder)
    {
        var byKey = _folders.Find(f => f.Id == folder || string.Equals(f.WellKnownName, folder, StringComparison.OrdinalIgnoreCase));
        if (byKey is not null)
        {
            return byKey;
        }

        // A display-name path: "Receipts" under the top, "Triage/Old mail" a child of "Triage".
        var parent = Root;
        foreach (var part in folder.Split('/'))
        {
            parent = _folders.Find(f => f.ParentId == parent.Id && string.Equals(f.DisplayName, part, StringComparison.OrdinalIgnoreCase));
            if (parent is null)
            {
                return null;
            }
        }

        return parent;
    }

    private void ChangedLocked(FakeGraphMessage message)
    {
        message.ChangeKey++;
        message.LastChange = ++_sequence;
    }

    private void MoveLocked(FakeGraphMessage message, FakeGraphFolder target)
    {
        if (message.FolderId == target.Id)
        {
            return;
        }

        _tombstones.Add((message.FolderId, message.Id, message.RestId, ++_sequence));
        message.FolderId = target.Id;
        message.Moves++;
        ChangedLocked(message);
    }

    private void Log(FakeGraphRequest request)
    {
        lock (_gate)
        {
            _requests.Add(request);
        }
    }

    private FakeGraphFault? NextFault(FakeGraphCall call) =>
        _faults.TryGetValue(call, out var queue) && queue.TryDequeue(out var fault) ? fault : null;
}
