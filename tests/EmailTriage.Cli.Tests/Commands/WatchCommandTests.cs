using EmailTriage.Cli.Tests.Support;

namespace EmailTriage.Cli.Tests.Commands;

public sealed class WatchCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("4")]
    [InlineData("soon")]
    public async Task An_interval_under_five_seconds_or_not_a_number_is_a_usage_error_naming_the_option(string interval)
    {
        using var workspace = new CliWorkspace();

        var run = await workspace.RunAsync("watch", "--interval", interval);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--interval takes a whole number of seconds, at least 5", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(workspace.SampleRecord));
    }

    [Fact]
    public async Task Watching_a_folder_triages_what_is_there_and_ctrl_c_stops_it_as_triage_does()
    {
        using var workspace = new CliWorkspace();
        using var interrupt = new CliInterrupt(Ct);

        var watch = workspace.RunAsync(interrupt, "watch", "--interval", "3600");
        var labelled = await WaitForRecordLinesAsync(workspace.SampleRecord, 7);
        var stillRunning = !watch.IsCompleted;
        interrupt.Stop(StopSignal.Interrupt);
        var run = await watch.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.True(labelled, "the first run labelled the 7 messages the rules decide");
        Assert.True(stillRunning, "watch keeps running after a run");
        Assert.Equal(ExitCodes.Interrupted, run.ExitCode);
        Assert.Contains("Interrupted by SIGINT (Ctrl+C)", run.Error, StringComparison.Ordinal);
        Assert.Equal(7, File.ReadAllLines(workspace.SampleRecord).Length);
    }

    // Polls the file the run writes: the condition, with a deadline, not a guessed pause.
    private static async Task<bool> WaitForRecordLinesAsync(string path, int lines)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        while (!deadline.IsCancellationRequested)
        {
            if (File.Exists(path) && (await File.ReadAllLinesAsync(path, CancellationToken.None)).Length >= lines)
            {
                return true;
            }

            await Task.Delay(50, CancellationToken.None);
        }

        return false;
    }
}
