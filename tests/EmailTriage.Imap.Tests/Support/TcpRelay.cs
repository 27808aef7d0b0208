using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EmailTriage.Imap.Tests.Support;

/// <summary>
/// A loopback TCP relay in front of a server: the test can cut every open connection (a dropped network) and refuse new
/// ones for a while (a server that is down), then let them through again; or cut one connection at an exact point of
/// the conversation (<see cref="CutAtCommand"/>), or act (as another mail client would) at an exact point of it
/// (<see cref="BeforeEachCommand"/>).
/// </summary>
internal sealed class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _open = [];
    private readonly Lock _lock = new();
    private readonly Task _accepting;
    private volatile bool _refusing;
    private volatile CutRule? _rule;
    private volatile CommandHook? _hook;
    private volatile Func<string, bool>? _refusal;

    public TcpRelay(int target)
    {
        _target = target;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Closes every connection now open; with <paramref name="refuse"/>, new ones are closed at once until <see cref="Accept"/>.</summary>
    public void Cut(bool refuse)
    {
        _refusing = refuse;
        lock (_lock)
        {
            foreach (var client in _open)
            {
                client.Dispose();
            }

            _open.Clear();
        }
    }

    public void Accept() => _refusing = false;

    /// <summary>
    /// Cuts the connection the <paramref name="occurrence"/>th time the client sends a command starting with
    /// <paramref name="command"/> (after the tag, e.g. "UID MOVE"): before the server sees it, or, with
    /// <paramref name="afterAnswer"/>, once the server has answered it but before the client hears the answer. Once only;
    /// the returned task completes when the cut is made. Connections are relayed line by line from then on. With
    /// <paramref name="refuseAfter"/>, connections are refused from the cut on (the server stays unreachable for the run).
    /// </summary>
    public Task CutAtCommand(string command, int occurrence, bool afterAnswer, bool refuseAfter = false)
    {
        var rule = new CutRule(command, occurrence, afterAnswer) { RefuseAfter = refuseAfter };
        _rule = rule;
        return rule.Done.Task;
    }

    /// <summary>
    /// Runs <paramref name="action"/> (given how many such commands came before, from 1) each time a client sends a command
    /// starting with <paramref name="command"/>, before the server sees it: the client waits for its answer meanwhile, so
    /// whatever the action changes on the server is there when the server answers. For connections made from now on.
    /// </summary>
    public void BeforeEachCommand(string command, Func<int, Task> action) => _hook = new CommandHook(command, action);

    /// <summary>
    /// Answers NO, without the server seeing it, to every command line for which <paramref name="refuse"/> is true (given
    /// the line after the tag): a server that refuses one message. For connections made from now on.
    /// </summary>
    public void RefuseCommands(Func<string, bool> refuse) =>
        _refusal = line => line.IndexOf(' ', StringComparison.Ordinal) is > 0 and var space && refuse(line[(space + 1)..].TrimEnd('\r', '\n'));

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (_refusing)
            {
                inbound.Dispose();
                continue;
            }

            _ = RelayAsync(inbound);
        }
    }

    private async Task RelayAsync(TcpClient inbound)
    {
        using var outbound = new TcpClient();
        try
        {
            await outbound.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
            lock (_lock)
            {
                _open.Add(inbound);
                _open.Add(outbound);
            }

            using var either = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            var (rule, hook, refusal) = (_rule, _hook, _refusal);
            using var toClient = new SemaphoreSlim(1, 1);
            var byLine = rule is not null || hook is not null || refusal is not null;
            var up = !byLine
                ? inbound.GetStream().CopyToAsync(outbound.GetStream(), either.Token)
                : PumpLinesAsync(inbound, outbound, rule is null ? _ => false : rule.CutBeforeUp, rule, null, hook, refusal, toClient, either.Token);
            var down = !byLine
                ? outbound.GetStream().CopyToAsync(inbound.GetStream(), either.Token)
                : PumpLinesAsync(outbound, inbound, rule is null ? _ => false : rule.CutBeforeDown, rule, toClient, null, null, null, either.Token);
            await Task.WhenAny(up, down);
            await either.CancelAsync();
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // A cut connection: both ends are closed below.
        }
        finally
        {
            lock (_lock)
            {
                _open.Remove(inbound);
                _open.Remove(outbound);
            }

            inbound.Dispose();
        }
    }

    // IMAP waits for the other side only after a CRLF (a line, or a literal's announcement), so holding a partial line is safe.
    // Writes to the client go through toClient's lock: a refusal the relay answers itself must not land inside a server line.
    private async Task PumpLinesAsync(
        TcpClient from, TcpClient to, Func<string, bool> cutBefore, CutRule? rule, SemaphoreSlim? writeLock,
        CommandHook? hook, Func<string, bool>? refusal, SemaphoreSlim? replyLock, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        var line = new MemoryStream();
        int read;
        while ((read = await from.GetStream().ReadAsync(buffer, cancellationToken)) > 0)
        {
            var start = 0;
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != (byte)'\n')
                {
                    continue;
                }

                line.Write(buffer, start, i + 1 - start);
                start = i + 1;
                var bytes = line.ToArray();
                line.SetLength(0);
                var text = Encoding.Latin1.GetString(bytes);
                if (hook is not null)
                {
                    await hook.BeforeAsync(text);
                }

                if (refusal?.Invoke(text) == true && text.IndexOf(' ', StringComparison.Ordinal) is > 0 and var space)
                {
                    await WriteLockedAsync(from, Encoding.Latin1.GetBytes($"{text[..space]} NO [UNAVAILABLE] Refused by the test relay.\r\n"), replyLock, cancellationToken);
                    continue;
                }

                if (cutBefore(text))
                {
                    if (rule!.RefuseAfter)
                    {
                        _refusing = true;
                    }

                    from.Dispose();
                    to.Dispose();
                    rule.Done.TrySetResult();
                    return;
                }

                await WriteLockedAsync(to, bytes, writeLock, cancellationToken);
            }

            line.Write(buffer, start, read - start);
        }
    }

    private sealed class CutRule(string command, int occurrence, bool afterAnswer)
    {
        private int _seen;
        private volatile string? _answerTag;

        public bool RefuseAfter { get; init; }

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>A line from the client: true to cut instead of sending it on.</summary>
        public bool CutBeforeUp(string line)
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (Done.Task.IsCompleted || space < 0 || !line.AsSpan(space + 1).StartsWith(command, StringComparison.OrdinalIgnoreCase) || Interlocked.Increment(ref _seen) != occurrence)
            {
                return false;
            }

            _answerTag = line[..space] + " ";
            return !afterAnswer;
        }

        /// <summary>A line from the server: true (cut) when it is the tagged answer to the command the cut waits for.</summary>
        public bool CutBeforeDown(string line) => afterAnswer && !Done.Task.IsCompleted && _answerTag is { } tag && line.StartsWith(tag, StringComparison.Ordinal);
    }

    private static async Task WriteLockedAsync(TcpClient to, byte[] bytes, SemaphoreSlim? writeLock, CancellationToken cancellationToken)
    {
        if (writeLock is not null)
        {
            await writeLock.WaitAsync(cancellationToken);
        }

        try
        {
            await to.GetStream().WriteAsync(bytes, cancellationToken);
        }
        finally
        {
            writeLock?.Release();
        }
    }

    private sealed class CommandHook(string command, Func<int, Task> action)
    {
        private int _seen;

        public Task BeforeAsync(string line)
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            return space < 0 || !line.AsSpan(space + 1).StartsWith(command, StringComparison.OrdinalIgnoreCase)
                ? Task.CompletedTask
                : action(Interlocked.Increment(ref _seen));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Cut(refuse: true);
        await _accepting;
        _stop.Dispose();
    }
}
