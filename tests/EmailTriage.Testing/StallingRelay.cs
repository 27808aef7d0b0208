using System.Net;
using System.Net.Sockets;

namespace EmailTriage.Testing;

/// <summary>
/// A loopback TCP relay in front of one server for one client, that can go silent: after <see cref="Stall"/> it keeps
/// every connection open and accepts new ones, but forwards no byte either way until <see cref="Resume"/>. That is
/// storage or a network that hangs rather than fails: the client's requests neither arrive nor get an error, and only
/// its own deadlines end them. Other clients talk to the server directly and see nothing wrong.
/// </summary>
public sealed class StallingRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _open = [];
    private readonly Lock _lock = new();
    private readonly Task _accepting;
    private TaskCompletionSource _flowing = Flowing();
    private TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public StallingRelay(int target)
    {
        _target = target;
        _flowing.SetResult();
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>From now on no byte is forwarded (bytes on their way are held, not dropped) until <see cref="Resume"/>.</summary>
    public void Stall()
    {
        lock (_lock)
        {
            if (_flowing.Task.IsCompleted)
            {
                _flowing = Flowing();
                _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    /// <summary>Forwards again, the held bytes first.</summary>
    public void Resume()
    {
        lock (_lock)
        {
            _flowing.TrySetResult();
        }
    }

    /// <summary>Completes once, since the last <see cref="Stall"/>, the client has sent something that is being held: it is now waiting on silence.</summary>
    public Task WhenHoldingAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return _held.Task.WaitAsync(cancellationToken);
        }
    }

    private static TaskCompletionSource Flowing() => new(TaskCreationOptions.RunContinuationsAsynchronously);

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

            _ = RelayAsync(inbound);
        }
    }

    private async Task RelayAsync(TcpClient inbound)
    {
        var outbound = new TcpClient();
        lock (_lock)
        {
            _open.Add(inbound);
            _open.Add(outbound);
        }

        try
        {
            await outbound.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
            using var either = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            var up = PumpAsync(inbound.GetStream(), outbound.GetStream(), fromClient: true, either.Token);
            var down = PumpAsync(outbound.GetStream(), inbound.GetStream(), fromClient: false, either.Token);
            await Task.WhenAny(up, down);
            await either.CancelAsync();
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // A connection closed by either end, or by the relay's dispose: both ends are closed below.
        }
        finally
        {
            lock (_lock)
            {
                _open.Remove(inbound);
                _open.Remove(outbound);
            }

            inbound.Dispose();
            outbound.Dispose();
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, bool fromClient, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await from.ReadAsync(buffer, cancellationToken)) > 0)
        {
            Task flowing;
            lock (_lock)
            {
                flowing = _flowing.Task;
                if (fromClient && !flowing.IsCompleted)
                {
                    _held.TrySetResult();
                }
            }

            await flowing.WaitAsync(cancellationToken);
            await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_lock)
        {
            foreach (var client in _open)
            {
                client.Dispose();
            }

            _open.Clear();
        }

        await _accepting;
        _stop.Dispose();
    }
}
