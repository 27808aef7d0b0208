using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace EmailTriage.Testing;

/// <summary>
/// A Gmail-API-shaped server on 127.0.0.1, built from Google's discovery document: getProfile, labels.list/create,
/// messages.list/get/modify/batchModify, history.list, the multipart batch endpoint and the OAuth token endpoint, in the real wire
/// format, with fault injection and a request log. Start one per test with <see cref="StartAsync"/> and dispose it.
/// </summary>
public sealed partial class FakeGmailServer : IAsyncDisposable
{
    // What labels.list answers for a fresh account, all of type "system".
    private static readonly string[] SystemLabels =
    [
        "CHAT", "SENT", "INBOX", "IMPORTANT", "TRASH", "DRAFT", "SPAM", "STARRED", "UNREAD",
        "CATEGORY_FORUMS", "CATEGORY_UPDATES", "CATEGORY_PERSONAL", "CATEGORY_PROMOTIONS", "CATEGORY_SOCIAL",
    ];

    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly List<FakeGmailLabel> _labels = [.. SystemLabels.Select(n => new FakeGmailLabel(n, n, "system", null, null))];
    private readonly List<FakeGmailMessage> _messages = [];
    private readonly List<FakeGmailRequest> _requests = [];
    private readonly ConcurrentDictionary<FakeGmailCall, ConcurrentQueue<FakeGmailFault>> _faults = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<FakeGmailFault>> _messageFaults = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _refusedInBatches = new(StringComparer.Ordinal);
    private readonly HashSet<string> _concurrentCreates = new(StringComparer.OrdinalIgnoreCase);
    private long _nextMessage;
    private int _nextLabel;
    private int _disposed;

    private FakeGmailServer(WebApplication app)
    {
        _app = app;
    }

    /// <summary>Server root with a trailing slash, e.g. <c>http://127.0.0.1:54321/</c>: the value for GMAIL_API_BASE_URL.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Messages "received" before this many days ago are older than <c>newer_than:</c> queries; tests may move "now".</summary>
    public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>The account's address, as users.getProfile answers it; each server is its own account unless a test says otherwise.</summary>
    public string EmailAddress { get; set; } = $"me.{Guid.NewGuid():N}@example.com";

    public static async Task<FakeGmailServer> StartAsync(CancellationToken ct = default)
    {
        var builder = LoopbackHost.CreateBuilder();

        // Google.Apis gzips request bodies, and Gmail accepts that.
        builder.Services.AddRequestDecompression();

        var app = builder.Build();
        var server = new FakeGmailServer(app);
        app.UseRequestDecompression();
        app.Run(server.HandleHttpAsync);

        try
        {
            server.BaseUrl = new Uri(await LoopbackHost.StartAsync(app, ct) + "/");
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Adds a message, by default in the inbox and unread; answers its id.</summary>
    public string AddMessage(string rfc822, DateTimeOffset? received = null, params string[] labelIds) =>
        AddMessage(Encoding.UTF8.GetBytes(rfc822), received, labelIds);

    public string AddMessage(byte[] rfc822, DateTimeOffset? received = null, params string[] labelIds)
    {
        ArgumentNullException.ThrowIfNull(rfc822);
        ArgumentNullException.ThrowIfNull(labelIds);
        lock (_gate)
        {
            var id = (0x18c0000000000000L + ++_nextMessage).ToString("x16", CultureInfo.InvariantCulture);
            var unknown = labelIds.FirstOrDefault(l => !_labels.Exists(x => x.Id == l));
            if (unknown is not null)
            {
                throw new ArgumentException($"No label with id {unknown}; add it first.", nameof(labelIds));
            }

            var message = new FakeGmailMessage(id, rfc822, received ?? Now, labelIds.Length == 0 ? ["INBOX", "UNREAD"] : labelIds);
            _messages.Add(message);
            RecordLocked([new FakeGmailHistoryChange(FakeGmailHistoryChange.MessageAdded, id, message.ThreadId, [], [.. message.LabelIds.Order(StringComparer.Ordinal)])]);
            return id;
        }
    }

    /// <summary>Adds a user label as if the user had made it; answers its id.</summary>
    public string AddLabel(string name, bool hidden = false)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (IsReservedName(name))
        {
            throw new ArgumentException($"Gmail does not allow a user label named '{name}': it is a system label name.", nameof(name));
        }

        lock (_gate)
        {
            return CreateLabelLocked(name, hidden ? "labelHide" : "labelShow", hidden ? "hide" : "show").Id;
        }
    }

    public IReadOnlyList<FakeGmailLabel> Labels
    {
        get
        {
            lock (_gate)
            {
                return [.. _labels];
            }
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

    public IReadOnlyList<string> LabelIdsOf(string messageId)
    {
        lock (_gate)
        {
            return [.. FindMessageLocked(messageId).LabelIds.Order(StringComparer.Ordinal)];
        }
    }

    /// <summary>The names of the labels a message carries, sorted.</summary>
    public IReadOnlyList<string> LabelNamesOf(string messageId)
    {
        lock (_gate)
        {
            var ids = FindMessageLocked(messageId).LabelIds;
            return [.. _labels.Where(l => ids.Contains(l.Id)).Select(l => l.Name).Order(StringComparer.Ordinal)];
        }
    }

    /// <summary>How many batchModify or modify calls (direct or in a batch) included the message.</summary>
    public int ModifyCountOf(string messageId)
    {
        lock (_gate)
        {
            return FindMessageLocked(messageId).ModifyCount;
        }
    }

    /// <summary>Snapshot of every call received, in arrival order, including faulted ones.</summary>
    public IReadOnlyList<FakeGmailRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>How many calls of a kind were received (batch parts included).</summary>
    public int CountOf(FakeGmailCall call) => Requests.Count(r => r.Call == call);

    /// <summary>HTTP requests that reached the server: a batch counts once, however many parts it carries.</summary>
    public int HttpRequestCount => Requests.Count(r => !r.InBatch);

    /// <summary>Queues a fault for the next call of that kind (FIFO, one per call, batch parts included).</summary>
    public void EnqueueFault(FakeGmailCall call, FakeGmailFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        _faults.GetOrAdd(call, _ => new ConcurrentQueue<FakeGmailFault>()).Enqueue(fault);
    }

    /// <summary>Queues a fault for the next messages.get of this one message.</summary>
    public void EnqueueMessageFault(string messageId, FakeGmailFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        _messageFaults.GetOrAdd(messageId, _ => new ConcurrentQueue<FakeGmailFault>()).Enqueue(fault);
    }

    /// <summary>The next labels.create of this name behaves as if another run created it a moment earlier: 409.</summary>
    /// <summary>
    /// From now on every batch that asks for <paramref name="messageId"/> fails as a whole (500), as one whose answer a batch
    /// cannot carry would make it; the message alone is answered as usual.
    /// </summary>
    public void RefuseBatchesAsking(string messageId) => _refusedInBatches[messageId] = true;

    /// <summary>Deletes a message for good, as the user (or another client) may between a listing and the labels.</summary>
    public void DeleteMessage(string messageId)
    {
        lock (_gate)
        {
            _messages.RemoveAll(m => m.Id == messageId);
        }
    }

    public void CreateConcurrently(string labelName)
    {
        lock (_gate)
        {
            _concurrentCreates.Add(labelName);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await LoopbackHost.StopAsync(_app, _stopping);
    }

    private FakeGmailMessage FindMessageLocked(string messageId) =>
        _messages.Find(m => m.Id == messageId) ?? throw new ArgumentException($"No message with id {messageId}.", nameof(messageId));

    /// <summary>Gmail refuses user labels named like a system label, whatever their case.</summary>
    private static bool IsReservedName(string name) =>
        SystemLabels.Contains(name.Trim(), StringComparer.OrdinalIgnoreCase) || name.Trim().StartsWith("CATEGORY_", StringComparison.OrdinalIgnoreCase);

    private FakeGmailLabel CreateLabelLocked(string name, string? labelListVisibility, string? messageListVisibility)
    {
        var label = new FakeGmailLabel($"Label_{++_nextLabel}", name, "user", labelListVisibility, messageListVisibility);
        _labels.Add(label);
        return label;
    }

    private void Log(FakeGmailCall call, string method, string path, string query, bool inBatch, string? body, int status)
    {
        lock (_gate)
        {
            _requests.Add(new FakeGmailRequest(call, method, path, query, inBatch, body, status));
        }
    }

    private FakeGmailFault? NextFault(FakeGmailCall call, string? messageId)
    {
        if (messageId is not null && _messageFaults.TryGetValue(messageId, out var forMessage) && forMessage.TryDequeue(out var fault))
        {
            return fault;
        }

        return _faults.TryGetValue(call, out var queue) && queue.TryDequeue(out fault) ? fault : null;
    }
}
