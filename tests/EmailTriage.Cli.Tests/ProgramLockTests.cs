using EmailTriage.Cli.Tests.Support;
using EmailTriage.Testing;

namespace EmailTriage.Cli.Tests;

/// <summary>
/// Two real processes on one mailbox, named two ways or with two state folders (a timer and a shell): one labels, the
/// other stops at once and changes nothing.
/// </summary>
public sealed class ProgramLockTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("samples/inbox/", null)]
    [InlineData("samples/./inbox", null)]
    [InlineData("inbox-link", null)]
    [InlineData("samples/inbox", "state-of-the-shell")]
    [InlineData("inbox-link", "state-of-the-shell")]
    public async Task A_second_process_on_the_same_folder_stops_and_changes_nothing(string spelling, string? otherStateFolder)
    {
        await using var llm = await FakeLlmServer.StartAsync(Ct);
        llm.Answer = SampleAnswers.Answer;
        using var workspace = new CliWorkspace().WithLlm(llm.BaseUrl);
        Directory.CreateSymbolicLink(Path.Combine(workspace.Directory, "inbox-link"), Path.Combine(workspace.Directory, "samples", "inbox"));
        llm.HoldAnswers(fromRequest: 1);

        using var first = workspace.StartProcess("triage", "--mailbox", "samples/inbox");
        var firstOutput = first.StandardOutput.ReadToEndAsync(Ct);
        var firstError = first.StandardError.ReadToEndAsync(Ct);
        await llm.WaitForRequestsAsync(1, Ct);

        // The first run holds the lock while its LLM call waits.
        if (otherStateFolder is not null)
        {
            workspace.With("EMAILTRIAGE_STATE_DIR", Path.Combine(workspace.Directory, otherStateFolder));
        }

        using var second = workspace.StartProcess("triage", "--mailbox", spelling);
        var secondError = second.StandardError.ReadToEndAsync(Ct);
        var secondOutput = second.StandardOutput.ReadToEndAsync(Ct);
        await second.WaitForExitAsync(Ct);
        var callsWhileHeld = llm.ChatRequestCount;
        llm.ReleaseAnswers();
        await first.WaitForExitAsync(Ct);
        await Task.WhenAll(firstOutput, firstError, secondOutput);

        Assert.Equal(3, second.ExitCode);
        Assert.Contains("Another triage run is working on folder ", await secondError, StringComparison.Ordinal);
        Assert.Equal(1, callsWhileHeld);
        Assert.True(first.ExitCode == 0, await firstError);
        var ids = File.ReadAllLines(workspace.SampleRecord).Select(l => l[..l.IndexOf(",\"label\"", StringComparison.Ordinal)]).ToList();
        Assert.Equal(SampleLabels.Expected.Count, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }
}
