using System.Diagnostics;
using System.Text.RegularExpressions;
using EmailTriage.Cli.Tests.Support;
using EmailTriage.Testing;

namespace EmailTriage.Cli.Tests.Logging;

/// <summary>Several real executables at once, all logging to one LOG_FILE, as two terminals running triage do.</summary>
public sealed partial class ConcurrentRunsLogTests
{
    private const int Runs = 3;
    private const int Copies = 20;

    [Fact]
    public async Task Runs_at_the_same_time_share_the_log_file_with_only_whole_lines()
    {
        using var workspace = new CliWorkspace();
        var samples = Directory.GetFiles(Path.Combine(workspace.Directory, "samples", "inbox"), "*.eml");
        var logFile = Path.Combine(workspace.Directory, "data", "logs", "shared.log");
        var processes = Enumerable.Range(0, Runs).Select(run => Start(workspace.Directory, MakeMailbox(workspace.Directory, run, samples), logFile)).ToList();
        try
        {
            // Drain every pipe from the start, so no run waits on a full pipe while another writes its log.
            var outputs = processes.Select(p => (Out: p.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken), Error: p.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken))).ToList();
            for (var run = 0; run < Runs; run++)
            {
                await processes[run].WaitForExitAsync(TestContext.Current.CancellationToken);
                await outputs[run].Out;
                Assert.True(processes[run].ExitCode == 0, await outputs[run].Error);
            }
        }
        finally
        {
            processes.ForEach(p => p.Dispose());
        }

        var lines = File.ReadAllLines(logFile);
        Assert.All(lines, line => Assert.Matches(Record(), line));
        Assert.Equal(Runs * Copies * samples.Length, lines.Count(line => line.Contains("] EmailTriage.Triage.TriageRunner: Message ", StringComparison.Ordinal)));
        Assert.Equal(Runs, lines.Count(line => line.Contains("Triage finished: ", StringComparison.Ordinal)));
        Assert.Equal(["shared.log"], Directory.EnumerateFiles(Path.GetDirectoryName(logFile)!).Select(Path.GetFileName));
    }

    private static string MakeMailbox(string directory, int run, string[] samples)
    {
        var mailbox = Directory.CreateDirectory(Path.Combine(directory, $"mailbox{run}")).FullName;
        for (var copy = 0; copy < Copies; copy++)
        {
            foreach (var sample in samples)
            {
                File.Copy(sample, Path.Combine(mailbox, $"{copy}-{Path.GetFileName(sample)}"));
            }
        }

        return mailbox;
    }

    private static Process Start(string directory, string mailbox, string logFile)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])[CliWorkspace.Executable, "triage", "--dry-run", "--mailbox", mailbox])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["LOG_FILE"] = logFile;
        start.Environment["LOG_LEVEL"] = "INFO";
        return Process.Start(start)!;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} [+-]\d{2}:\d{2} \[(DBG|INF|WRN|ERR)\] EmailTriage\.[A-Za-z.]+: \S")]
    private static partial Regex Record();
}
