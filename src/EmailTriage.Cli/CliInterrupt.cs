namespace EmailTriage.Cli;

/// <summary>
/// How a run is asked to stop: a token for the commands, and the first signal that cancelled it for the exit code
/// and the message. Program feeds it process signals; tests call <see cref="Stop"/> themselves.
/// </summary>
internal sealed class CliInterrupt : IDisposable
{
    private readonly CancellationTokenSource _cancel;
    private readonly HashSet<StopSignal> _received = [];
    private readonly Lock _lock = new();
    private StopSignal? _first;

    public CliInterrupt(CancellationToken cancellationToken = default)
    {
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    }

    public CancellationToken Token => _cancel.Token;

    /// <summary>The signal that stopped the run; Ctrl+C when the token was cancelled some other way.</summary>
    public StopSignal Signal
    {
        get
        {
            lock (_lock)
            {
                return _first ?? StopSignal.Interrupt;
            }
        }
    }

    /// <summary>
    /// Cancels the run. Returns false when this signal came before: the caller then lets the process end at once,
    /// so a second Ctrl+C (or SIGTERM) still works when a graceful stop takes too long.
    /// </summary>
    public bool Stop(StopSignal signal)
    {
        lock (_lock)
        {
            if (!_received.Add(signal))
            {
                return false;
            }

            _first ??= signal;
        }

        _cancel.Cancel();
        return true;
    }

    public void Dispose() => _cancel.Dispose();
}
