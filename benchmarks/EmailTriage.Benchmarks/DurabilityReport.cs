using System.Diagnostics;
using EmailTriage.Testing;

namespace EmailTriage.Benchmarks;

/// <summary>
/// The cost of a crash: the real CLI triages a folder of N messages against a loopback LLM, is killed with SIGKILL when a
/// given share of its LLM calls has been made, and is run again to the end. Prints the calls paid twice. Needs
/// <c>dotnet build -c Release src/EmailTriage.Cli</c> first.
/// </summary>
internal static class DurabilityReport
{
    public static async Task RunAsync(int messages, IReadOnlyList<double> killAt, int concurrency)
    {
        var cli = Path.Combine(SampleMail.RepoRoot, "src", "EmailTriage.Cli", "bin", "Release", "net10.0", "emailtriage.dll");
        if (!File.Exists(cli))
        {
            Console.WriteLine($"durability: {cli} not found; run 'dotnet build -c Release src/EmailTriage.Cli' first");
            return;
        }

        Console.WriteLine($"durability: {messages} messages, folder mailbox, LLM_MAX_CONCURRENCY={concurrency}, killed with SIGKILL, then run again");
        foreach (var share in killAt)
        {
            await using var llm = await FakeLlmServer.StartAsync();
            llm.RecordRequests = false;
            using var workspace = new BenchWorkspace(llm, messages, concurrency);
            var killAtCall = (int)(messages * share);
            var calls = 0;
            Process? process = null;
            llm.Answer = _ =>
            {
                if (Interlocked.Increment(ref calls) == killAtCall)
                {
                    process!.Kill();
                }

                return "Work";
            };

            using (process = Start(cli, workspace, llm))
            {
                await process.WaitForExitAsync();
            }

            var firstRun = Volatile.Read(ref calls);
            llm.Answer = _ =>
            {
                Interlocked.Increment(ref calls);
                return "Work";
            };
            using (var rerun = Start(cli, workspace, llm))
            {
                await rerun.WaitForExitAsync();
            }

            var total = Volatile.Read(ref calls);
            var records = File.ReadLines(Path.Combine(workspace.Inbox, ".emailtriage", "labels.jsonl")).Count();
            var distinct = File.ReadLines(Path.Combine(workspace.Inbox, ".emailtriage", "labels.jsonl")).Select(l => l[..(l.IndexOf(",\"label\"", StringComparison.Ordinal))]).Distinct(StringComparer.Ordinal).Count();
            Console.WriteLine(
                $"  killed at {share:P0} (call {killAtCall}): first run {firstRun} calls, both runs {total} calls, paid twice {total - messages}; " +
                $"records {records}, distinct messages {distinct}");
        }
    }

    private static Process Start(string cli, BenchWorkspace workspace, FakeLlmServer llm)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workspace.Directory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(cli);
        start.ArgumentList.Add("triage");
        start.ArgumentList.Add("--mailbox");
        start.ArgumentList.Add(workspace.Inbox);
        start.Environment["LLM_BASE_URL"] = llm.BaseUrl.ToString();
        start.Environment["LLM_MODEL"] = "test-model";
        start.Environment["LLM_MAX_CONCURRENCY"] = workspace.Concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["LABEL_CONFIG_FILE"] = Path.Combine(SampleMail.RepoRoot, "config", "labels.json");
        start.Environment["EMAILTRIAGE_STATE_DIR"] = Path.Combine(workspace.Directory, "state");
        start.Environment["LOG_FILE"] = Path.Combine(workspace.Directory, "triage.log");
        var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        return process;
    }
}
