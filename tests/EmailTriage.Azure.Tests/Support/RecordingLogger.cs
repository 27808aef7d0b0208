using Microsoft.Extensions.Logging;

namespace EmailTriage.Azure.Tests.Support;

internal sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly List<string> _messages = [];
    private readonly List<(string Text, TaskCompletionSource Logged)> _waiting = [];

    public IReadOnlyList<string> Messages
    {
        get
        {
            lock (_messages)
            {
                return [.. _messages];
            }
        }
    }

    /// <summary>Completes when a line containing <paramref name="text"/> has been logged (at once if one has); the test's own token or 30 s end the wait otherwise.</summary>
    public Task WhenLoggedAsync(string text, CancellationToken testToken)
    {
        var logged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_messages)
        {
            if (_messages.Any(m => m.Contains(text, StringComparison.Ordinal)))
            {
                return Task.CompletedTask;
            }

            _waiting.Add((text, logged));
        }

        return logged.Task.WaitAsync(TimeSpan.FromSeconds(30), testToken);
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var message = formatter(state, exception);
        lock (_messages)
        {
            _messages.Add(message);
            foreach (var waiting in _waiting.Where(w => message.Contains(w.Text, StringComparison.Ordinal)).ToList())
            {
                waiting.Logged.TrySetResult();
                _waiting.Remove(waiting);
            }
        }
    }
}
