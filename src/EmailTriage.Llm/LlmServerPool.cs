using Microsoft.Extensions.Logging;

namespace EmailTriage.Llm;

/// <summary>
/// Equivalent servers of one provider (one model). A request goes to the least busy server with a free slot (ties in
/// turn); with every slot taken it waits for the first one freed. A server that fails without answering rests and the
/// request goes to another at once; a server that answered is never asked the same question again.
/// </summary>
internal sealed partial class LlmServerPool
{
    private readonly Lock _lock = new();
    private readonly LlmServer[] _servers;
    private readonly Queue<TaskCompletionSource<LlmServer?>> _waiters = new();
    private readonly RestPolicy? _rest;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private int _next;

    /// <param name="setting">The setting that lists these servers, for messages: LLM_BASE_URL or LLM_FALLBACK_BASE_URL.</param>
    /// <param name="rest">Null: failures go straight to the caller (one server, nowhere else to go).</param>
    public LlmServerPool(string setting, IReadOnlyList<LlmServer> servers, RestPolicy? rest, TimeProvider time, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfZero(servers.Count);
        Setting = setting;
        _servers = [.. servers];
        _rest = rest;
        _time = time;
        _logger = logger;
    }

    public string Setting { get; }

    public IReadOnlyList<LlmServer> Servers => _servers;

    public string Model => _servers[0].Connection.Model;

    /// <summary>The servers' endpoints, without credentials, comma-separated as the setting lists them.</summary>
    public string DisplayEndpoints => string.Join(",", _servers.Select(s => s.Connection.DisplayEndpoint));

    /// <summary>True when some server is not resting.</summary>
    public bool HasReadyServer
    {
        get
        {
            lock (_lock)
            {
                var now = _time.GetUtcNow();
                return _servers.Any(s => s.IsReady(now));
            }
        }
    }

    public async Task<RoutedAnswer> CompleteAsync(IReadOnlyList<ChatTurn> turns, BinaryData labelSchema, CancellationToken cancellationToken)
    {
        LlmUsage spent = default;
        LlmException? last = null;
        while (true)
        {
            var server = await TakeAsync(cancellationToken) ?? throw EveryServerResting(last, spent);
            try
            {
                var answer = await server.Connection.CompleteAsync(turns, labelSchema, cancellationToken);
                Answered(server);
                return new RoutedAnswer(answer with { Usage = spent + answer.Usage }, this, server);
            }
            catch (LlmException ex) when (_rest is not null && Failover.MayTryElsewhere(ex))
            {
                spent += ex.Usage;
                last = ex;
                Rest(server, ex);
            }
            catch (Exception ex)
            {
                Release(server);
                if (ex is LlmException error)
                {
                    error.Usage += spent;
                }

                throw;
            }
        }
    }

    /// <summary>A server with a free slot, after waiting for one if need be; null when every server rests and none is back soon.</summary>
    private async Task<LlmServer?> TakeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TaskCompletionSource<LlmServer?>? waiter = null;
            TimeSpan wake;
            lock (_lock)
            {
                var now = _time.GetUtcNow();
                if (Pick(now) is { } free)
                {
                    free.InFlight++;
                    return free;
                }

                var resting = _servers.Where(s => !s.IsReady(now)).ToList();
                if (resting.Count == _servers.Length)
                {
                    wake = resting.Min(s => s.RestsUntil) - now;
                    if (wake > (_rest?.WaitAtMost ?? TimeSpan.Zero))
                    {
                        return null;
                    }
                }
                else
                {
                    // Every ready server is full: wait for a freed slot, or for a resting server to come back.
                    waiter = new TaskCompletionSource<LlmServer?>(TaskCreationOptions.RunContinuationsAsynchronously);
                    _waiters.Enqueue(waiter);
                    wake = resting.Count == 0 ? Timeout.InfiniteTimeSpan : resting.Min(s => s.RestsUntil) - now;
                }
            }

            if (waiter is null)
            {
                await Task.Delay(wake, _time, cancellationToken);
                continue;
            }

            try
            {
                if (await waiter.Task.WaitAsync(wake, _time, cancellationToken) is { } handed)
                {
                    return handed;
                }
            }
            catch (TimeoutException)
            {
                // A resting server is back; a slot may have been handed over in the meantime all the same.
                if (!waiter.TrySetResult(null) && waiter.Task.Result is { } handed)
                {
                    return handed;
                }
            }
            catch (OperationCanceledException)
            {
                if (!waiter.TrySetResult(null) && waiter.Task.Result is { } handed)
                {
                    Release(handed);
                }

                throw;
            }
        }
    }

    // Least busy first; among equals, the one after the last chosen, so equal servers take turns.
    private LlmServer? Pick(DateTimeOffset now)
    {
        LlmServer? best = null;
        var bestIndex = 0;
        for (var i = 0; i < _servers.Length; i++)
        {
            var index = (_next + i) % _servers.Length;
            var server = _servers[index];
            if (server.HasFreeSlot(now) && (best is null || server.InFlight < best.InFlight))
            {
                best = server;
                bestIndex = index;
            }
        }

        if (best is not null)
        {
            _next = (bestIndex + 1) % _servers.Length;
        }

        return best;
    }

    private void Answered(LlmServer server)
    {
        lock (_lock)
        {
            server.LastRest = TimeSpan.Zero;
            server.LastError = null;
        }

        Release(server);
    }

    private void Release(LlmServer server)
    {
        lock (_lock)
        {
            server.InFlight--;
            if (!server.IsReady(_time.GetUtcNow()))
            {
                return;
            }

            // Hand the slot straight to the longest waiter, so a newcomer cannot take it first.
            while (_waiters.TryDequeue(out var waiter))
            {
                server.InFlight++;
                if (waiter.TrySetResult(server))
                {
                    return;
                }

                server.InFlight--;
            }
        }
    }

    private void Rest(LlmServer server, LlmException error)
    {
        TimeSpan rest;
        List<TaskCompletionSource<LlmServer?>> woken = [];
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            server.InFlight--;

            // A wrong key or model does not mend in seconds: those rest the longest straight away.
            rest = Failover.IsRefusal(error) ? _rest!.Longest : _rest!.After(server.LastRest);
            server.LastRest = rest;
            server.LastError = error;
            server.RestsUntil = now + rest;
            if (!_servers.Any(s => s.IsReady(now)))
            {
                // Nobody will free a slot now: those waiting decide again (wait for a server back soon, or give up).
                while (_waiters.TryDequeue(out var waiter))
                {
                    woken.Add(waiter);
                }
            }
        }

        foreach (var waiter in woken)
        {
            waiter.TrySetResult(null);
        }

        if (Failover.IsRefusal(error))
        {
            LogRefused(_logger, server.Name, Setting, error.Failure, error.Message, rest.TotalSeconds);
        }
        else
        {
            LogResting(_logger, server.Name, Setting, error.Failure, error.Message, rest.TotalSeconds);
        }
    }

    private LlmException EveryServerResting(LlmException? last, LlmUsage spent)
    {
        if (last is not null)
        {
            last.Usage = spent;
            return last;
        }

        // This request asked nobody: it carries the most recent reason, and costs nothing.
        LlmException? reason;
        DateTimeOffset back;
        lock (_lock)
        {
            var latest = _servers.Where(s => s.LastError is not null).MaxBy(s => s.RestsUntil - s.LastRest);
            reason = latest?.LastError;
            back = _servers.Min(s => s.RestsUntil);
        }

        var where = _servers.Length == 1 ? $"the server in {Setting}" : $"all {_servers.Length} servers in {Setting}";
        var message = $"{reason?.Message ?? "LLM server error."} ({where} failed and rest until {back:HH:mm:ss} UTC.)";
        return new LlmException(reason?.Failure ?? LlmFailure.ServerError, message, reason?.InnerException);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "LLM server {Server} ({Setting}) failed without answering ({Failure}: {Error}); it rests {Seconds:0} s and its requests go to the other servers")]
    private static partial void LogResting(ILogger logger, string server, string setting, LlmFailure failure, string error, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LLM server {Server} ({Setting}) refuses us ({Failure}: {Error}); it rests {Seconds:0} s while the other servers work: fix its key or model")]
    private static partial void LogRefused(ILogger logger, string server, string setting, LlmFailure failure, string error, double seconds);
}
