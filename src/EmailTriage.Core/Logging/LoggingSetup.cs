using EmailTriage.Configuration;
using Microsoft.Extensions.Logging;

namespace EmailTriage.Logging;

public static class LoggingSetup
{
    /// <summary>
    /// The level LOG_LEVEL names, for every host. Accepts the Python level names (DEBUG, INFO, WARNING, ERROR,
    /// CRITICAL) as well as .NET's.
    /// </summary>
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
}
