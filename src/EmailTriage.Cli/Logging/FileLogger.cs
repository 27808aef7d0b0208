using Microsoft.Extensions.Logging;

namespace EmailTriage.Cli.Logging;

/// <summary>One category's lines, formatted as the Serilog sink did: <c>2026-12-01 09:30:00.123 +01:00 [INF] Category: message</c>.</summary>
internal sealed class FileLogger(string category, SharedLogFile file) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    // The logger factory applies LOG_LEVEL; this provider writes whatever reaches it.
    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        file.Append(timestamp => FormatRecord(timestamp, logLevel, category, formatter(state, exception), exception));
    }

    internal static string FormatRecord(DateTimeOffset timestamp, LogLevel level, string category, string message, Exception? exception)
    {
        var line = $"{timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Abbreviation(level)}] {category}: {message}{Environment.NewLine}";
        return exception is null ? line : $"{line}{exception}{Environment.NewLine}";
    }

    private static string Abbreviation(LogLevel level) => level switch
    {
        LogLevel.Trace => "VRB",
        LogLevel.Debug => "DBG",
        LogLevel.Information => "INF",
        LogLevel.Warning => "WRN",
        LogLevel.Error => "ERR",
        _ => "FTL",
    };
}
