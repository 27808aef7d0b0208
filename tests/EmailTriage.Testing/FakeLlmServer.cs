using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace EmailTriage.Testing;

/// <summary>
/// An OpenAI-compatible chat completions server on 127.0.0.1 with scriptable answers, latency,
/// parallel slots and faults. Start one per test with <see cref="StartAsync"/> and dispose it.
/// </summary>
public sealed partial class FakeLlmServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ChatConcurrency _concurrency = new();
    private readonly ConcurrentQueue<FakeLlmFault> _faults = new();
    private readonly Lock _requestsLock = new();
    private readonly List<FakeLlmRequest> _requests = [];
    private readonly List<FakeLlmRequest> _answered = [];
    private int _requestCount;
    private int _answeredCount;
    private int _disposed;

    private FakeLlmServer(WebApplication app)
    {
        _app = app;
    }

    /// <summary>Chat completions root, e.g. <c>http://127.0.0.1:54321/v1</c>, without a trailing slash.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Server root, e.g. <c>http://127.0.0.1:54321/</c>, where <c>/health</c> lives.</summary>
    public Uri RootUrl { get; private set; } = null!;

    public FakeLlmStyle Style { get; set; } = FakeLlmStyle.JsonSchema;

    /// <summary>Produces the label or answer text for a request; by default always "Review".</summary>
    public Func<FakeLlmRequest, string> Answer { get; set; } = _ => "Review";

    /// <summary>When set, any other bearer token (or none) gets 401 on /v1/chat/completions and /v1/models.</summary>
    public string? RequiredApiKey { get; set; }

    /// <summary>
    /// Served by /v1/models; chat requests for a model not in this list get the shape's not-found answer
    /// (Ollama also matches <c>name</c> to a listed <c>name:latest</c>; llama.cpp serves any name).
    /// </summary>
    public List<string> Models { get; } = ["test-model"];

    /// <summary>Delay before each chat answer, spent while holding a slot.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>When set, at most this many chat requests are processed at once; the rest wait, like a server with N parallel slots.</summary>
    public int? Slots
    {
        get => _concurrency.Slots;
        set => _concurrency.Slots = value;
    }

    /// <summary>Highest number of chat requests being processed (holding a slot) at the same time.</summary>
    public int MaxConcurrencySeen => _concurrency.MaxInFlight;

    /// <summary>Keep every request for <see cref="Requests"/>; benchmarks of our own memory turn this off.</summary>
    public bool RecordRequests { get; set; } = true;

    /// <summary>Snapshot of every chat request received, in arrival order, including faulted and rejected ones.</summary>
    public IReadOnlyList<FakeLlmRequest> Requests
    {
        get
        {
            lock (_requestsLock)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>How many chat requests got a chat completion back (written in full), recorded or not.</summary>
    public int AnsweredCount
    {
        get
        {
            lock (_requestsLock)
            {
                return _answeredCount;
            }
        }
    }

    /// <summary>Snapshot of the chat requests that got a chat completion back (written in full), in order; kept while <see cref="RecordRequests"/> is on.</summary>
    public IReadOnlyList<FakeLlmRequest> AnsweredRequests
    {
        get
        {
            lock (_requestsLock)
            {
                return [.. _answered];
            }
        }
    }

    public int ChatRequestCount
    {
        get
        {
            lock (_requestsLock)
            {
                return _requestCount;
            }
        }
    }

    /// <summary>Applied to every chat request while set, unless a queued fault takes precedence.</summary>
    public FakeLlmFault? PersistentFault { get; set; }

    /// <summary>Queues a fault for the next chat request that finds the queue non-empty (FIFO, one per request).</summary>
    public void EnqueueFault(FakeLlmFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        _faults.Enqueue(fault);
    }

    public static async Task<FakeLlmServer> StartAsync(CancellationToken ct = default)
    {
        var builder = LoopbackHost.CreateBuilder();
        var app = builder.Build();
        var server = new FakeLlmServer(app);
        app.MapPost("/v1/chat/completions", (RequestDelegate)server.HandleChatAsync);
        app.MapGet("/v1/models", (RequestDelegate)server.HandleModelsAsync);
        app.MapGet("/health", (RequestDelegate)OpenAiResponses.HealthAsync);

        try
        {
            var root = await LoopbackHost.StartAsync(app, ct);
            server.RootUrl = new Uri(root + "/");
            server.BaseUrl = new Uri(root + "/v1");
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>A port nothing listens on right now, for "connection refused" tests.</summary>
    public static int GetUnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await LoopbackHost.StopAsync(_app, _stopping);
    }

    private bool IsAuthorized(HttpContext context) =>
        RequiredApiKey is not { } key || context.Request.Headers.Authorization.ToString() == "Bearer " + key;

    private Task HandleModelsAsync(HttpContext context)
    {
        var shape = Shape;
        ShapeResponses.SetServerHeader(context, shape);
        return IsAuthorized(context)
            ? ShapeResponses.ModelsAsync(context, shape, [.. Models])
            : OpenAiResponses.UnauthorizedAsync(context);
    }
}
