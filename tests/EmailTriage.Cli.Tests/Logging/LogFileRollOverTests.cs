using EmailTriage.Cli.Logging;

namespace EmailTriage.Cli.Tests.Logging;

public sealed class LogFileRollOverTests
{
    [Fact]
    public void A_live_file_from_yesterday_is_moved_to_its_dated_name_on_the_next_start_and_a_new_live_file_begins()
    {
        using var folder = new LogFolder();
        var yesterday = LogFolder.Today.AddDays(-1);
        LogFolder.Write(folder.LivePath, yesterday, "yesterday's line\n");

        using (var file = new SharedLogFile(folder.LivePath, TimeProvider.System))
        {
            file.Append(_ => "today's line\n");
        }

        Assert.Equal([$"email_triage.{yesterday:yyyy-MM-dd}.log", "email_triage.log"], folder.FileNames);
        Assert.Equal("yesterday's line\n", File.ReadAllText(folder.Dated(yesterday)));
        Assert.Equal("today's line\n", File.ReadAllText(folder.LivePath));
    }

    [Fact]
    public void A_live_file_from_today_is_appended_to()
    {
        using var folder = new LogFolder();
        File.WriteAllText(folder.LivePath, "earlier run\n");

        using (var file = new SharedLogFile(folder.LivePath, TimeProvider.System))
        {
            file.Append(_ => "this run\n");
        }

        Assert.Equal(["email_triage.log"], folder.FileNames);
        Assert.Equal("earlier run\nthis run\n", File.ReadAllText(folder.LivePath));
    }

    [Fact]
    public void Only_the_newest_fourteen_dated_files_are_kept()
    {
        using var folder = new LogFolder();
        var today = LogFolder.Today;
        for (var age = 2; age <= 20; age++)
        {
            LogFolder.Write(folder.Dated(today.AddDays(-age)), today.AddDays(-age), $"day -{age}\n");
        }

        // Left by the Serilog sink of earlier versions: it ages out with the rest.
        var legacy = today.AddDays(-30);
        LogFolder.Write(Path.Combine(folder.Directory, $"email_triage{legacy:yyyyMMdd}.log"), legacy, "old format\n");
        File.WriteAllText(Path.Combine(folder.Directory, "notes.txt"), "not a log");
        LogFolder.Write(folder.LivePath, today.AddDays(-1), "yesterday\n");

        new LogFileRollOver(folder.LivePath, TimeZoneInfo.Local).RollOverIfOlderThan(today);

        var expected = Enumerable.Range(1, LogFileRollOver.KeptDays).Select(age => Path.GetFileName(folder.Dated(today.AddDays(-age))));
        Assert.Equal([.. expected.Append("notes.txt").Order(StringComparer.Ordinal)], folder.FileNames);
    }

    [Fact]
    public void A_day_another_run_already_moved_is_left_alone()
    {
        using var folder = new LogFolder();
        var yesterday = LogFolder.Today.AddDays(-1);
        LogFolder.Write(folder.Dated(yesterday), yesterday, "moved by the other run\n");
        LogFolder.Write(folder.LivePath, yesterday, "late line\n");
        var rollOver = new LogFileRollOver(folder.LivePath, TimeZoneInfo.Local);

        rollOver.RollOverIfOlderThan(LogFolder.Today);
        File.Delete(folder.LivePath);
        rollOver.RollOverIfOlderThan(LogFolder.Today);

        Assert.Equal("moved by the other run\n", File.ReadAllText(folder.Dated(yesterday)));
    }
}
