using System.Net;
using System.Net.Sockets;

namespace EmailTriage.Imap.Tests.Support;

/// <summary>
/// A loopback TCP relay in front of a server: the test can cut every open connection (a dropped network) and refuse new
/// ones for a while (a server that is down), then let them through again; or arm a cut for the moment the client sends a
/// given command, before or after the server gets it, so a test drops the line at an exact point of a run.
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
    private CommandCut? _armed;
    private CommandCut? _replyCut;
    private readonly System.Text.StringBuilder _sent = new();

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

    /// <summary>Everything clients sent through the relay so far (the IMAP commands), to check which commands a run used.</summary>
    public string ClientSent
    {
        get
        {
            lock (_sent)
            {
                return _sent.ToString();
            }
        }
    }

    /// <summary>
    /// Cuts every connection (and refuses new ones) when the client sends <paramref name="command"/> for the
    /// <paramref name="occurrence"/>th time: with <paramref name="delivered"/> the server gets the command and the cut comes
    /// with the first bytes of its answer (which the client never sees: the server has done it, the client cannot know), else
    /// the command is lost. The task completes when the cut is made.
    /// </summary>
    public Task CutWhenClientSends(string command, int occurrence, bool delivered)
    {
        var cut = new CommandCut(command, occurrence, delivered);
        _armed = cut;
        return cut.Done.Task;
    }

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
            var up = UpAsync(inbound.GetStream(), outbound.GetStream(), either.Token);
            var down = DownAsync(outbound.GetStream(), inbound.GetStream(), either.Token);
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

    /// <summary>Client to server, watching for the armed command.</summary>
    private async Task UpAsync(NetworkStream from, NetworkStream to, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await from.ReadAsync(buffer, cancellationToken)) > 0)
        {
            lock (_sent)
            {
                _sent.Append(System.Text.Encoding.ASCII.GetString(buffer, 0, read));
            }

            var cut = _armed;
            var hit = cut is not null && cut.Seen(System.Text.Encoding.ASCII.GetString(buffer, 0, read));
            if (hit)
            {
                _armed = null;
                if (cut!.Delivered)
                {
                    _replyCut = cut;
                    await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    continue;
                }

                Cut(refuse: true);
                cut.Done.TrySetResult();
                return;
            }

            await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
    }

    /// <summary>Server to client; the answer to a delivered armed command is dropped with the connection.</summary>
    private async Task DownAsync(NetworkStream from, NetworkStream to, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await from.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (_replyCut is { } cut)
            {
                _replyCut = null;
                Cut(refuse: true);
                cut.Done.TrySetResult();
                return;
            }

            await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
    }

    private sealed class CommandCut(string command, int occurrence, bool delivered)
    {
        private int _seen;

        public bool Delivered => delivered;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Seen(string sent)
        {
            for (var at = sent.IndexOf(command, StringComparison.Ordinal); at >= 0; at = sent.IndexOf(command, at + command.Length, StringComparison.Ordinal))
            {
                if (++_seen == occurrence)
                {
                    return true;
                }
            }

            return false;
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
