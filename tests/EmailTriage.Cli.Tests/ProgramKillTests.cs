using System.Diagnostics;
using System.Text.Json;
using EmailTriage.Cli.Tests.Support;
using EmailTriage.Testing;

namespace EmailTriage.Cli.Tests;

/// <summary>
/// The real executable killed with SIGKILL (a crash, an OOM kill, a host recycling) in the middle of a labelling run, then
/// run again: every message ends with exactly one label, the right one, and the rerun pays again only for what was in flight
/// or still waiting to be written.
/// </summary>
public sealed class ProgramKillTests
{
    private const string Marker = "EmailTriage/Triaged";

    // The sample mailbox: 24 messages, 17 of them for the LLM (the rules take the other 7).
    private const int LlmMessages = 17;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(9)]
    [InlineData(13)]
    [InlineData(17)]
    public async Task Folder_run_killed_at_any_llm_call_is_finished_by_the_next_run_with_each_label_once(int killAtCall)
    {
        await using var llm = await FakeLlmServer.StartAsync(Ct);
        using var workspace = new CliWorkspace().WithLlm(llm.BaseUrl);

        var killed = await RunKilledAtAsync(workspace, llm, killAtCall, "triage");
        var firstRunCalls = llm.ChatRequestCount;
        var rerun = await RunToEndAsync(workspace, "triage");

        Assert.True(killed, "the first run was killed");
        Assert.True(rerun.ExitCode == 0, rerun.Error);
        var records = (await File.ReadAllLinesAsync(workspace.SampleRecord, Ct)).Select(Parse).ToList();
        Assert.Equal(SampleLabels.Expected.Count, records.Count);
        Assert.Equal(SampleLabels.Expected.OrderBy(p => p.Key, StringComparer.Ordinal), records.Select(r => KeyValuePair.Create(r.Id, r.Label)).OrderBy(p => p.Key, StringComparer.Ordinal));

        // Decisions are written as they are made: only the call in flight when the kill came is paid for twice.
        Assert.Equal(killAtCall, firstRunCalls);
        Assert.InRange(llm.ChatRequestCount, LlmMessages, LlmMessages + 1);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(12)]
    public async Task Gmail_run_killed_mid_run_is_finished_by_the_next_run_with_each_label_once(int killAtCall)
    {
        await using var llm = await FakeLlmServer.StartAsync(Ct);
        await using var gmail = await FakeGmailServer.StartAsync(Ct);
        var ids = Directory.EnumerateFiles(Path.Combine(CliWorkspace.RepoRoot, "samples", "inbox"), "*.eml")
            .Order(StringComparer.Ordinal)
            .ToDictionary(file => gmail.AddMessage(File.ReadAllBytes(file)), Path.GetFileName);
        using var workspace = new CliWorkspace(withSamples: false).WithLlm(llm.BaseUrl).WithGmail(gmail);

        var killed = await RunKilledAtAsync(workspace, llm, killAtCall, "triage", "--mailbox", "gmail");
        var rerun = await RunToEndAsync(workspace, "triage", "--mailbox", "gmail");

        Assert.True(killed, "the first run was killed");
        Assert.True(rerun.ExitCode == 0, rerun.Error);
        foreach (var (id, file) in ids)
        {
            var ours = gmail.LabelNamesOf(id).Where(n => SampleLabels.Names.Contains(n)).ToList();
            Assert.Equal([SampleLabels.Expected[file!]], ours);
            Assert.Contains(Marker, gmail.LabelNamesOf(id));
        }

        // Gmail gets labels in groups every few seconds, but each decision paid for is in the decision log before its
        // group goes out: the rerun applies those without asking again, so only the call in flight is paid twice.
        Assert.InRange(llm.ChatRequestCount, LlmMessages, LlmMessages + 1);
    }

    /// <summary>Starts a run and kills it (SIGKILL) the moment the LLM receives call number <paramref name="call"/>.</summary>
    private static async Task<bool> RunKilledAtAsync(CliWorkspace workspace, FakeLlmServer llm, int call, params string[] args)
    {
        Process? process = null;
        var calls = 0;
        var killed = false;
        llm.Answer = request =>
        {
            if (Interlocked.Increment(ref calls) == call)
            {
                process!.Kill();
                killed = true;
            }

            return SampleAnswers.Answer(request);
        };

        using (process = workspace.StartProcess(args))
        {
            var output = process.StandardOutput.ReadToEndAsync(Ct);
            var error = process.StandardError.ReadToEndAsync(Ct);
            await process.WaitForExitAsync(Ct);
            await Task.WhenAll(output, error);
        }

        llm.Answer = SampleAnswers.Answer;
        return killed;
    }

    private static async Task<CliRun> RunToEndAsync(CliWorkspace workspace, params string[] args)
    {
        using var process = workspace.StartProcess(args);
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return new CliRun(process.ExitCode, await output, await error);
    }

    private static (string Id, string Label) Parse(string line)
    {
        using var record = JsonDocument.Parse(line);
        return (record.RootElement.GetProperty("id").GetString()!, record.RootElement.GetProperty("label").GetString()!);
    }
}
