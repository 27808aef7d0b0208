using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace EmailTriage.Core.Tests.Support;

/// <summary>Keeps the text of every line logged at Warning or above, for tests that check what a user is told.</summary>
internal sealed class ListLogger : ILogger
{
    private readonly ConcurrentQueue<string> _messages = new();

    public IReadOnlyList<string> Messages => [.. _messages];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            _messages.Enqueue(formatter(state, exception));
        }
    }
}
