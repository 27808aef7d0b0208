using EmailTriage.Configuration;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Events;

namespace EmailTriage.Logging;

public static class LoggingSetup
{
    /// <summary>
    /// Logs to LOG_FILE (rolled daily, 14 files kept) at LOG_LEVEL. Accepts the Python level names
    /// (DEBUG, INFO, WARNING, ERROR, CRITICAL) as well as .NET's.
    /// </summary>
    public static ILoggingBuilder AddEmailTriageFileLog(this ILoggingBuilder builder, LoggingOptions options, AppPaths paths)
    {
        var level = ParseLevel(options.LogLevel);
        builder.SetMinimumLevel(level);
        if (string.IsNullOrWhiteSpace(options.LogFile))
        {
            return builder;
        }

        var file = paths.Resolve(options.LogFile);
        var logger = new LoggerConfiguration()
            .MinimumLevel.Is(ToSerilog(level))
            .WriteTo.File(
                file,
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: 14,
                outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}")
            .CreateLogger();
        return builder.AddSerilog(logger, dispose: true);
    }

    public static LogLevel ParseLevel(string? value) => value?.Trim().ToUpperInvariant() switch
    {
        null or "" => LogLevel.Information,
        "TRACE" or "VERBOSE" => LogLevel.Trace,
        "DEBUG" => LogLevel.Debug,
        "INFO" or "INFORMATION" => LogLevel.Information,
        "WARN" or "WARNING" => LogLevel.Warning,
        "ERROR" => LogLevel.Error,
        "CRITICAL" or "FATAL" => LogLevel.Critical,
        "NONE" => LogLevel.None,
        _ => throw new SettingsException($"LOG_LEVEL '{value}' is not a log level. Use DEBUG, INFO, WARNING or ERROR."),
    };

    private static LogEventLevel ToSerilog(LogLevel level) => level switch
    {
        LogLevel.Trace => LogEventLevel.Verbose,
        LogLevel.Debug => LogEventLevel.Debug,
        LogLevel.Information => LogEventLevel.Information,
        LogLevel.Warning => LogEventLevel.Warning,
        LogLevel.Error => LogEventLevel.Error,
        _ => LogEventLevel.Fatal,
    };
}
