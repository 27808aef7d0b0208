using System.Text.RegularExpressions;
using EmailTriage.Cli.Logging;
using Microsoft.Extensions.Time.Testing;

namespace EmailTriage.Cli.Tests.Logging;

public sealed partial class SharedLogFileTests
{
    [Fact]
    public async Task Two_writers_appending_at_once_leave_only_whole_records()
    {
        const int Records = 3000;
        using var folder = new LogFolder();
        using var start = new Barrier(2);

        // Two instances, as two runs have: each its own file handles and its own handle on the mutex.
        var writers = new[] { "A", "B" }.Select(writer => Task.Run(() =>
        {
            using var file = new SharedLogFile(folder.LivePath, TimeProvider.System);
            start.SignalAndWait(TestContext.Current.CancellationToken);
            for (var i = 0; i < Records; i++)
            {
                // Every third record has a second line, as a record with an exception has.
                var n = i;
                file.Append(_ => n % 3 == 0 ? $"{writer} {n:D6} first\n{writer} {n:D6} second\n" : $"{writer} {n:D6} only\n");
            }
        }, TestContext.Current.CancellationToken));
        await Task.WhenAll(writers);

        var text = File.ReadAllText(folder.LivePath);
        var records = Record().Matches(text);
        Assert.Equal(2 * Records, records.Count);
        Assert.Equal(text.Length, records.Sum(r => r.Length));
        foreach (var writer in new[] { "A", "B" })
        {
            Assert.Equal(Records, records.Select(r => r.Groups["writer"].Value).Count(w => w == writer));
        }
    }

    [Fact]
    public void A_run_that_goes_past_midnight_starts_a_new_live_file()
    {
        using var folder = new LogFolder();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow) { AutoAdvanceAmount = TimeSpan.Zero };
        time.SetLocalTimeZone(TimeZoneInfo.Local);
        var today = DateOnly.FromDateTime(time.GetLocalNow().DateTime);
        using var file = new SharedLogFile(folder.LivePath, time);

        file.Append(_ => "before midnight\n");
        time.Advance(TimeSpan.FromDays(1));
        file.Append(_ => "after midnight\n");

        Assert.Equal("before midnight\n", File.ReadAllText(folder.Dated(today)));
        Assert.Equal("after midnight\n", File.ReadAllText(folder.LivePath));
    }

    [GeneratedRegex(@"(?<writer>[AB]) (?<n>\d{6}) (only\n|first\n\k<writer> \k<n> second\n)")]
    private static partial Regex Record();
}
