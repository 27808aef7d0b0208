using EmailTriage.Cli.Output;
using Spectre.Console;

namespace EmailTriage.Cli.Tests.Output;

public sealed class LiveProgressTests
{
    [Fact]
    public void Count_says_listing_until_the_total_is_known_then_done_over_total()
    {
        var task = new ProgressTask(1, "Triage", maxValue: 1) { IsIndeterminate = true };

        var before = LiveProgress.ProgressColumnCount.Text(task);
        task.IsIndeterminate = false;
        task.MaxValue = 24;
        task.Value = 3;

        Assert.Equal("listing…", before);
        Assert.Equal("3/24", LiveProgress.ProgressColumnCount.Text(task));
    }
}
