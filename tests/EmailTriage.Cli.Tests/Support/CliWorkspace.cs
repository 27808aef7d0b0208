using EmailTriage.Cli;
using EmailTriage.Testing;

namespace EmailTriage.Cli.Tests.Support;

/// <summary>A temporary working directory with the shipped labels and a copy of the sample mailbox, and a way to run the CLI in it.</summary>
internal sealed class CliWorkspace : IDisposable
{
    private readonly Dictionary<string, string?> _environment = new(StringComparer.OrdinalIgnoreCase);

    public CliWorkspace(bool withSamples = true)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("emailtriage-cli-").FullName;
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, "config"));
        File.Copy(Path.Combine(RepoRoot, "config", "labels.json"), Path.Combine(Directory, "config", "labels.json"));
        if (withSamples)
        {
            var inbox = System.IO.Directory.CreateDirectory(Path.Combine(Directory, "samples", "inbox")).FullName;
            foreach (var file in System.IO.Directory.EnumerateFiles(Path.Combine(RepoRoot, "samples", "inbox"), "*.eml"))
            {
                File.Copy(file, Path.Combine(inbox, Path.GetFileName(file)));
            }
        }

        _environment["LOG_FILE"] = Path.Combine(Directory, "data", "logs", "test.log");

        // Each workspace is a machine of its own: its own run locks, whatever the real user's state folder holds.
        _environment["EMAILTRIAGE_STATE_DIR"] = Path.Combine(Directory, "state");
    }

    /// <summary>The CLI's own build output, with its own deps.json (same configuration as this test build).</summary>
    public static string Executable => Path.Combine(RepoPaths.OutputOf("src/EmailTriage.Cli"), "emailtriage.dll");

    public static string RepoRoot => RepoPaths.Root;

    public string Directory { get; }

    public string SampleRecord => Path.Combine(Directory, "samples", "inbox", ".emailtriage", "labels.jsonl");

    public CliWorkspace WithLlm(Uri baseUrl, string model = "test-model")
    {
        _environment["LLM_BASE_URL"] = baseUrl.ToString();
        _environment["LLM_MODEL"] = model;
        _environment["LLM_MAX_RETRIES"] = "0";
        return this;
    }

    /// <summary>Signs in to a Gmail-shaped server with a token file in the Python version's format, as a migrating user has.</summary>
    public CliWorkspace WithGmail(EmailTriage.Testing.FakeGmailServer gmail, string refreshToken = "1//cli-refresh-token")
    {
        gmail.AddRefreshToken(refreshToken, "cli-client", "cli-secret");
        gmail.RequireAccessToken = true;
        File.WriteAllText(
            Path.Combine(Directory, "config", "gmail_token.json"),
            $$"""
            {"token": "expired-access-token", "refresh_token": "{{refreshToken}}", "token_uri": "{{gmail.TokenUrl}}",
             "client_id": "cli-client", "client_secret": "cli-secret", "scopes": ["https://www.googleapis.com/auth/gmail.modify"],
             "universe_domain": "googleapis.com", "account": "", "expiry": "2020-01-01T00:00:00.000000Z"}
            """);
        _environment["GMAIL_API_BASE_URL"] = gmail.BaseUrl.ToString();
        _environment["GMAIL_MAX_RETRIES"] = "0";
        return this;
    }

    public CliWorkspace With(string name, string? value)
    {
        _environment[name] = value;
        return this;
    }

    public async Task<CliRun> RunAsync(params string[] args)
    {
        using var interrupt = new CliInterrupt(TestContext.Current.CancellationToken);
        return await RunAsync(interrupt, args);
    }

    /// <summary>Runs the CLI with <paramref name="interrupt"/> standing in for the process signals.</summary>
    public async Task<CliRun> RunAsync(CliInterrupt interrupt, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var environment = new CliEnvironment(Directory, [.. _environment], new CliConsole(output, error, Interactive: false));
        var exitCode = await CliApplication.RunAsync(args, environment, interrupt);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Starts the real executable in this workspace with its settings, output redirected.</summary>
    public System.Diagnostics.Process StartProcess(params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Executable);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in _environment)
        {
            start.Environment[name] = value;
        }

        return System.Diagnostics.Process.Start(start)!;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file may still be in use by a process a test started; the temp folder is cleaned up later.
        }
    }

}

internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public IReadOnlyList<string> OutputLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
