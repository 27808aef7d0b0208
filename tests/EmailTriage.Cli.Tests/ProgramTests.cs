using System.Diagnostics;
using System.Text.Json;
using EmailTriage.Cli.Tests.Support;
using EmailTriage.Testing;

namespace EmailTriage.Cli.Tests;

/// <summary>The real executable, as a user starts it, against the loopback LLM.</summary>
public sealed class ProgramTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_executable_triages_with_settings_from_the_environment()
    {
        await using var llm = await FakeLlmServer.StartAsync(Ct);
        llm.Answer = SampleAnswers.Answer;
        using var workspace = new CliWorkspace();

        using var cli = CliProcess.Start(workspace, llm, "triage", "--json");
        var (exitCode, output, error) = await cli.WaitAsync();

        Assert.True(exitCode == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(24, lines.Length);
        Assert.All(lines, line => Assert.Contains(JsonDocument.Parse(line).RootElement.GetProperty("label").GetString()!, SampleLabels.Names));

        // The log has what happened (ids, labels, counts) and nothing secret or private: no key, no subject, no body.
        var log = string.Concat(Directory.EnumerateFiles(Path.Combine(workspace.Directory, "data", "logs")).Select(File.ReadAllText));
        Assert.Contains("Triage finished: 24 new", log, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-test-secret", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Standup notes", log, StringComparison.Ordinal);
        Assert.DoesNotContain("retry logic for the ingest worker", log, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("TERM", "SIGTERM", 143)]
    [InlineData("HUP", "SIGHUP", 129)]
    public async Task A_stop_signal_applies_the_labels_already_decided_and_exits_with_the_shell_code(string signal, string name, int expectedExitCode)
    {
        await using var llm = await FakeLlmServer.StartAsync(Ct);
        llm.Answer = SampleAnswers.Answer;
        // Two messages get their label from the model; the third is with it when the signal comes.
        llm.HoldAnswers(fromRequest: 3);
        using var workspace = new CliWorkspace();

        using var cli = CliProcess.Start(workspace, llm, "triage", "--json");
        await llm.WaitForRequestsAsync(3, Ct);
        await cli.SignalAsync(signal);
        llm.ReleaseAnswers();
        var (exitCode, output, error) = await cli.WaitAsync();

        Assert.True(exitCode == expectedExitCode, $"exit code {exitCode}: {error}");
        Assert.Contains($"Interrupted by {name}: labels already decided were applied", error, StringComparison.Ordinal);
        var applied = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(result => result.GetProperty("applied").GetBoolean())
            .Select(result => result.GetProperty("id").GetString())
            .Order(StringComparer.Ordinal)
            .ToList();
        var recorded = File.ReadAllLines(workspace.SampleRecord)
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("id").GetString())
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(applied, recorded);
        Assert.InRange(recorded.Count, 2, 23);
    }

    /// <summary><c>dotnet emailtriage.dll</c> in a workspace, with its output collected as it comes.</summary>
    private sealed class CliProcess : IDisposable
    {
        private readonly Process _process;
        private readonly Task<string> _output;
        private readonly Task<string> _error;

        private CliProcess(Process process)
        {
            _process = process;
            _output = process.StandardOutput.ReadToEndAsync(Ct);
            _error = process.StandardError.ReadToEndAsync(Ct);
        }

        public static CliProcess Start(CliWorkspace workspace, FakeLlmServer llm, params string[] args)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = workspace.Directory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.ArgumentList.Add(CliWorkspace.Executable);
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            start.Environment["LLM_BASE_URL"] = llm.BaseUrl.ToString();
            start.Environment["LLM_MODEL"] = "test-model";
            start.Environment["LLM_API_KEY"] = "sk-test-secret-0123456789";
            start.Environment["LLM_MAX_CONCURRENCY"] = "1";
            return new CliProcess(Process.Start(start)!);
        }

        /// <summary>Sends a signal as <c>kill</c> does (Process.Kill would be SIGKILL, which no program can answer).</summary>
        public async Task SignalAsync(string signal)
        {
            using var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync(Ct);
            Assert.Equal(0, kill.ExitCode);
        }

        public async Task<(int ExitCode, string Output, string Error)> WaitAsync()
        {
            await _process.WaitForExitAsync(Ct);
            return (_process.ExitCode, await _output, await _error);
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }

            _process.Dispose();
        }
    }
}
