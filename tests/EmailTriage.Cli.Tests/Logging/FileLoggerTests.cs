using EmailTriage.Cli.Logging;
using Microsoft.Extensions.Logging;

namespace EmailTriage.Cli.Tests.Logging;

public sealed class FileLoggerTests
{
    [Fact]
    public void A_record_is_the_serilog_line_format_followed_by_the_exception()
    {
        var at = new DateTimeOffset(2026, 11, 30, 9, 5, 7, 42, TimeSpan.FromHours(1));
        var error = new InvalidOperationException("boom");

        var record = FileLogger.FormatRecord(at, LogLevel.Error, "EmailTriage.Triage.TriageRunner", "Message m1 failed", error);

        var lines = record.Split(Environment.NewLine);
        Assert.Equal("2026-11-30 09:05:07.042 +01:00 [ERR] EmailTriage.Triage.TriageRunner: Message m1 failed", lines[0]);
        Assert.Equal("System.InvalidOperationException: boom", lines[1]);
        Assert.EndsWith(Environment.NewLine, record, StringComparison.Ordinal);
    }
}
