using EmailTriage.Cli.Tests.Support;
using EmailTriage.Errors;
using EmailTriage.Testing;

namespace EmailTriage.Cli.Tests;

/// <summary>Every command maps a kind of failure to the same exit code.</summary>
public sealed class ExitCodesTests
{
    public static TheoryData<string> Commands { get; } =
    [
        "triage",
        "triage --json",
        "eval --mailbox truth",
        "classify --from friend@mail.example --subject Dinner?",
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(FailureKind.BadConfiguration, 2)]
    [InlineData(FailureKind.ServiceUnavailable, 3)]
    [InlineData(FailureKind.MessagesFailed, 4)]
    public void Each_kind_of_failure_has_its_exit_code(FailureKind kind, int exitCode) =>
        Assert.Equal(exitCode, ExitCodes.For(kind));

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task A_model_the_server_does_not_have_is_bad_configuration_exit_code_2_from_every_command(string command)
    {
        await using var llm = await FakeLlmServer.StartAsync(Ct);
        using var workspace = WithTruthFolder(new CliWorkspace().WithLlm(llm.BaseUrl, model: "gpt-9"));

        var run = await workspace.RunAsync(command.Split(' '));

        Assert.True(run.ExitCode == 2, run.Output + run.Error);
        Assert.Contains("Model not found", run.Output + run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task An_llm_nobody_answers_at_is_service_unavailable_exit_code_3_from_every_command(string command)
    {
        var port = FakeLlmServer.GetUnusedPort();
        using var workspace = WithTruthFolder(new CliWorkspace().WithLlm(new Uri($"http://127.0.0.1:{port}/v1")));

        var run = await workspace.RunAsync(command.Split(' '));

        Assert.True(run.ExitCode == 3, run.Output + run.Error);
        Assert.Contains($"Cannot connect to LLM API at http://127.0.0.1:{port}/v1", run.Output + run.Error, StringComparison.Ordinal);
    }

    // Two messages the rules leave to the model, for eval.
    private static CliWorkspace WithTruthFolder(CliWorkspace workspace)
    {
        foreach (var (label, subject) in (ReadOnlySpan<(string, string)>)[("Work", "Budget review"), ("Personal", "Dinner on Friday")])
        {
            var folder = Directory.CreateDirectory(Path.Combine(workspace.Directory, "truth", label));
            File.WriteAllText(
                Path.Combine(folder.FullName, "message.eml"),
                $"From: Dana <dana@corp.example>\r\nSubject: {subject}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nAbout: {subject}.\r\n");
        }

        return workspace;
    }
}
