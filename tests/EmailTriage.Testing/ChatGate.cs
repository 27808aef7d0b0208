namespace EmailTriage.Testing;

/// <summary>Counts arriving chat requests for tests that wait on them, and holds answers from the Nth request on until released.</summary>
internal sealed class ChatGate
{
    private readonly Lock _lock = new();
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];
    private TaskCompletionSource? _held;
    private int _holdFrom;
    private int _arrived;

    public void Hold(int fromRequest)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fromRequest, 1);
        lock (_lock)
        {
            _holdFrom = fromRequest;
            _held ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Release()
    {
        TaskCompletionSource? held;
        lock (_lock)
        {
            held = _held;
            _held = null;
        }

        held?.TrySetResult();
    }

    /// <summary>Counts one request; the task completes when it may be answered.</summary>
    public Task Arrive()
    {
        lock (_lock)
        {
            _arrived++;
            foreach (var waiter in _waiters.Where(w => w.Count <= _arrived))
            {
                waiter.Reached.TrySetResult();
            }

            _waiters.RemoveAll(w => w.Count <= _arrived);
            return _held is { } held && _arrived >= _holdFrom ? held.Task : Task.CompletedTask;
        }
    }

    public Task WaitForAsync(int count, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_arrived >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, reached));
            return reached.Task.WaitAsync(cancellationToken);
        }
    }
}
