using EmailTriage.Configuration;
using EmailTriage.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EmailTriage.Cli.Logging;

internal static class FileLogSetup
{
    /// <summary>
    /// Logs at LOG_LEVEL to LOG_FILE, exactly as named; earlier days are kept beside it as
    /// <c>name.yyyy-MM-dd.ext</c> (see <see cref="LogFileRollOver"/>). Several runs may share the file.
    /// </summary>
    public static ILoggingBuilder AddEmailTriageFileLog(this ILoggingBuilder builder, LoggingOptions options, AppPaths paths, TimeProvider? time = null)
    {
        builder.SetMinimumLevel(LoggingSetup.ParseLevel(options.LogLevel));
        if (string.IsNullOrWhiteSpace(options.LogFile))
        {
            return builder;
        }

        var path = paths.Resolve(options.LogFile);

        // Made by the container, so disposing it releases the provider's mutex handle.
        builder.Services.AddSingleton<ILoggerProvider>(_ => new FileLoggerProvider(new SharedLogFile(path, time ?? TimeProvider.System)));
        return builder;
    }
}
