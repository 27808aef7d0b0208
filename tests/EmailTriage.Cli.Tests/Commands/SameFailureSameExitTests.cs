using EmailTriage.Cli.Tests.Support;
using EmailTriage.Testing;

namespace EmailTriage.Cli.Tests.Commands;

/// <summary>One failure, one exit code, whichever command meets it.</summary>
public sealed class SameFailureSameExitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("triage")]
    [InlineData("triage --dry-run")]
    [InlineData("eval")]
    [InlineData("check")]
    public async Task A_model_the_server_does_not_have_is_exit_2(string command)
    {
        await using var llm = await FakeLlmServer.StartAsync(Ct);
        using var workspace = WithTruthFolder(new CliWorkspace().WithLlm(llm.BaseUrl, model: "not-pulled"));

        var run = await workspace.RunAsync(Args(command));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Model not found", run.Output + run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("triage")]
    [InlineData("eval")]
    [InlineData("check")]
    public async Task A_server_that_cannot_be_reached_is_exit_3(string command)
    {
        using var workspace = WithTruthFolder(new CliWorkspace().WithLlm(new Uri($"http://127.0.0.1:{FakeLlmServer.GetUnusedPort()}/v1")));

        var run = await workspace.RunAsync(Args(command));

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("Cannot connect to LLM API", run.Output + run.Error, StringComparison.Ordinal);
    }

    // eval reads the bundled labelled examples by default; the workspace has the sample inbox, so it gets its own truth folder.
    private static string[] Args(string command) => command == "eval" ? ["eval", "--mailbox", "truth"] : command.Split(' ');

    private static CliWorkspace WithTruthFolder(CliWorkspace workspace)
    {
        var inbox = Path.Combine(workspace.Directory, "samples", "inbox");
        var work = Directory.CreateDirectory(Path.Combine(workspace.Directory, "truth", "Work")).FullName;
        foreach (var file in Directory.EnumerateFiles(inbox, "*.eml").Order(StringComparer.Ordinal).Take(3))
        {
            File.Copy(file, Path.Combine(work, Path.GetFileName(file)));
        }

        return workspace;
    }
}
