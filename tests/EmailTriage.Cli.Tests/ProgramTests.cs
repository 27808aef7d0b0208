using System.Diagnostics;
using System.Text.Json;
using EmailTriage.Cli.Tests.Support;
using EmailTriage.Testing;

namespace EmailTriage.Cli.Tests;

/// <summary>The real executable, as a user starts it, against the loopback LLM.</summary>
public sealed class ProgramTests
{
    // The CLI's own build output, with its own deps.json (same configuration as this test build).
    private static readonly string CliExecutable = Path.Combine(
        RepoPaths.OutputOf("src/EmailTriage.Cli"),
        "emailtriage.dll");

    [Fact]
    public async Task The_executable_triages_with_settings_from_the_environment()
    {
        await using var llm = await FakeLlmServer.StartAsync(TestContext.Current.CancellationToken);
        llm.Answer = SampleAnswers.Answer;
        using var workspace = new CliWorkspace();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workspace.Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(CliExecutable);
        start.ArgumentList.Add("triage");
        start.ArgumentList.Add("--json");
        start.Environment["LLM_BASE_URL"] = llm.BaseUrl.ToString();
        start.Environment["LLM_MODEL"] = "test-model";
        start.Environment["LLM_API_KEY"] = "sk-test-secret-0123456789";

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.True(process.ExitCode == 0, await error);
        var lines = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(24, lines.Length);
        Assert.All(lines, line => Assert.Contains(JsonDocument.Parse(line).RootElement.GetProperty("label").GetString()!, SampleLabels.Names));

        // The log has what happened (ids, labels, counts) and nothing secret or private: no key, no subject, no body.
        var log = string.Concat(Directory.EnumerateFiles(Path.Combine(workspace.Directory, "data", "logs")).Select(File.ReadAllText));
        Assert.Contains("Triage finished: 24 new", log, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-test-secret", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Standup notes", log, StringComparison.Ordinal);
        Assert.DoesNotContain("retry logic for the ingest worker", log, StringComparison.Ordinal);
    }
}
