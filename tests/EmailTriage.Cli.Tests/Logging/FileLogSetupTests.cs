using System.Text.RegularExpressions;
using EmailTriage.Cli.Logging;
using EmailTriage.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EmailTriage.Cli.Tests.Logging;

public sealed partial class FileLogSetupTests
{
    [Fact]
    public void Writes_the_live_log_to_the_configured_file_exactly_as_named()
    {
        using var folder = new LogFolder();

        Log(folder, "INFO", logger => logger.Finished(3));

        Assert.Equal(["email_triage.log"], folder.FileNames);
        var line = Assert.Single(File.ReadAllLines(folder.LivePath));
        Assert.Matches(Line(), line);
        Assert.EndsWith(" [INF] EmailTriage.Test: Triage finished: 3 new", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Warning_level_drops_information_and_keeps_warnings()
    {
        using var folder = new LogFolder();

        Log(folder, "WARNING", logger =>
        {
            logger.Dropped();
            logger.Kept();
        });

        var line = Assert.Single(File.ReadAllLines(folder.LivePath));
        Assert.EndsWith(" [WRN] EmailTriage.Test: kept", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Debug_level_keeps_debug()
    {
        using var folder = new LogFolder();

        Log(folder, "DEBUG", logger => logger.Subject("hello"));

        Assert.EndsWith(" [DBG] EmailTriage.Test: Subject hello", Assert.Single(File.ReadAllLines(folder.LivePath)), StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_log_file_setting_writes_no_file()
    {
        using var folder = new LogFolder();
        using var services = new ServiceCollection()
            .AddLogging(builder => builder.AddEmailTriageFileLog(new LoggingOptions { LogFile = "" }, new AppPaths(folder.Directory)))
            .BuildServiceProvider();

        services.GetRequiredService<ILoggerFactory>().CreateLogger("EmailTriage.Test").Kept();

        Assert.Empty(folder.FileNames);
    }

    private static void Log(LogFolder folder, string level, Action<ILogger> write)
    {
        var options = new LoggingOptions { LogLevel = level, LogFile = "email_triage.log" };
        using var services = new ServiceCollection()
            .AddLogging(builder => builder.AddEmailTriageFileLog(options, new AppPaths(folder.Directory)))
            .BuildServiceProvider();
        write(services.GetRequiredService<ILoggerFactory>().CreateLogger("EmailTriage.Test"));
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} [+-]\d{2}:\d{2} \[[A-Z]{3}\] ")]
    private static partial Regex Line();
}

internal static partial class FileLogSetupTestsLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Triage finished: {Count} new")]
    public static partial void Finished(this ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "dropped")]
    public static partial void Dropped(this ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "kept")]
    public static partial void Kept(this ILogger logger);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Subject {Subject}")]
    public static partial void Subject(this ILogger logger, string subject);
}
