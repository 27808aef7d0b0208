using System.Text.Json;
using EmailTriage.Cli.Tests.Support;
using EmailTriage.Testing;

namespace EmailTriage.Cli.Tests.Commands;

public sealed class TriageCommandTests
{
    [Fact]
    public async Task Without_an_llm_triages_the_bundled_samples_with_rules_and_says_how_many_wait()
    {
        using var workspace = new CliWorkspace();

        var run = await workspace.RunAsync("triage");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("bundled sample mailbox samples/inbox", run.Output, StringComparison.Ordinal);
        Assert.Contains("17 message(s) were left for an LLM", run.Output, StringComparison.Ordinal);
        Assert.Contains("classified: 7, labelled: 7, failed: 0", run.Output, StringComparison.Ordinal);
        Assert.Contains("LLM_BASE_URL", run.Output, StringComparison.Ordinal);
        var recorded = ReadRecord(workspace.SampleRecord);
        Assert.Equal(7, recorded.Count);
        Assert.All(recorded, r => Assert.Equal(SampleLabels.Expected[r.Id], r.Label));
    }

    [Fact]
    public async Task Json_output_has_one_object_per_message_with_configured_labels_and_the_summary_on_stderr()
    {
        await using var llm = await FakeLlmServer.StartAsync(TestContext.Current.CancellationToken);
        llm.Answer = SampleAnswers.Answer;
        using var workspace = new CliWorkspace().WithLlm(llm.BaseUrl);

        var run = await workspace.RunAsync("triage", "--json");

        Assert.Equal(0, run.ExitCode);
        var results = run.OutputLines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(24, results.Count);
        foreach (var result in results)
        {
            var id = result.GetProperty("id").GetString()!;
            Assert.Equal(SampleLabels.Expected[id], result.GetProperty("label").GetString());
            Assert.Contains(result.GetProperty("source").GetString(), (string[])["rule", "llm"]);
            Assert.True(result.GetProperty("applied").GetBoolean());
            Assert.False(string.IsNullOrEmpty(result.GetProperty("from").GetString()));
            Assert.True(result.TryGetProperty("subject", out _));
            Assert.True(result.TryGetProperty("reason", out _));
        }

        Assert.Equal(7, results.Count(r => r.GetProperty("source").GetString() == "rule"));
        Assert.Equal(17, llm.ChatRequestCount);
        Assert.Contains("classified: 24, labelled: 24, failed: 0", run.Error, StringComparison.Ordinal);
        Assert.Equal(24, ReadRecord(workspace.SampleRecord).Count);
    }

    [Fact]
    public async Task Several_servers_share_the_messages_and_each_json_line_names_the_one_that_decided()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var first = await FakeLlmServer.StartAsync(ct);
        await using var second = await FakeLlmServer.StartAsync(ct);
        first.Answer = second.Answer = SampleAnswers.Answer;
        first.HoldAnswers();
        using var workspace = new CliWorkspace().WithLlm(first.BaseUrl)
            .With("LLM_BASE_URL", $"{first.BaseUrl},{second.BaseUrl}")
            .With("LLM_MAX_CONCURRENCY", "1");

        // The first server holds its first answer until the second has answered too: both decide something.
        var running = workspace.RunAsync("triage", "--json");
        await first.WaitForRequestsAsync(1, ct);
        await second.WaitForRequestsAsync(2, ct);
        first.ReleaseAnswers();
        var run = await running;

        Assert.Equal(0, run.ExitCode);
        var results = run.OutputLines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        var byLlm = results.Where(r => r.GetProperty("source").GetString() == "llm").ToList();
        Assert.Equal(17, byLlm.Count);
        var servers = new[] { $"test-model@{first.BaseUrl.Authority}", $"test-model@{second.BaseUrl.Authority}" };
        Assert.All(byLlm, r => Assert.Contains(r.GetProperty("provider").GetString(), servers));
        Assert.All(results.Where(r => r.GetProperty("source").GetString() == "rule"), r => Assert.False(r.TryGetProperty("provider", out _)));
        Assert.Equal(17, first.AnsweredRequests.Count + second.AnsweredRequests.Count);
        Assert.Contains("LLM decisions by server: ", run.Error, StringComparison.Ordinal);
        Assert.Contains("classified: 24, labelled: 24, failed: 0", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Second_run_finds_nothing_new_and_calls_no_llm()
    {
        await using var llm = await FakeLlmServer.StartAsync(TestContext.Current.CancellationToken);
        llm.Answer = SampleAnswers.Answer;
        using var workspace = new CliWorkspace().WithLlm(llm.BaseUrl);
        await workspace.RunAsync("triage");
        var callsAfterFirstRun = llm.ChatRequestCount;

        var second = await workspace.RunAsync("triage", "--json");

        Assert.Equal(0, second.ExitCode);
        Assert.Empty(second.OutputLines);
        Assert.Equal($"Nothing new in folder {Path.Combine(workspace.Directory, "samples", "inbox")}: every message is already labelled.", second.Error.TrimEnd().Split('\n')[^1].Trim());
        Assert.DoesNotContain("new messages: 0", second.Error, StringComparison.Ordinal);
        Assert.Equal(callsAfterFirstRun, llm.ChatRequestCount);
        Assert.Equal(24, ReadRecord(workspace.SampleRecord).Count);
    }

    [Fact]
    public async Task Second_run_without_json_says_nothing_new_in_one_line()
    {
        using var workspace = new CliWorkspace(withSamples: false);
        var mine = Directory.CreateDirectory(Path.Combine(workspace.Directory, "mine"));
        await File.WriteAllTextAsync(Path.Combine(mine.FullName, "a.eml"), "From: Bank <statements@bank.example>\r\nSubject: Statement\r\n\r\nYour statement.\r\n", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(workspace.Directory, "config", "labels.json"),
            """{"labels":[{"name":"Finance","description":"Bank mail.","rules":[{"domain":"bank.example"}]}],"fallback":"Review"}""", TestContext.Current.CancellationToken);
        var first = await workspace.RunAsync("triage", "--mailbox", "mine");

        var second = await workspace.RunAsync("triage", "--mailbox", "mine");

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("labelled: 1", first.Output, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal($"Nothing new in folder {mine.FullName}: every message is already labelled.", (second.Output + second.Error).Trim());
    }

    [Fact]
    public async Task A_file_name_that_is_not_utf8_is_skipped_with_the_fix_and_the_other_mail_is_triaged()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "Only Linux file systems take file names that are not valid UTF-8.");
        using var workspace = new CliWorkspace(withSamples: false);
        var mine = Directory.CreateDirectory(Path.Combine(workspace.Directory, "mine"));
        await File.WriteAllTextAsync(Path.Combine(mine.FullName, "good.eml"), "From: Bank <statements@bank.example>\r\nSubject: Statement\r\n\r\nYour statement.\r\n", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(mine.FullName, "plain.eml"), "From: Bank <statements@bank.example>\r\nSubject: Also\r\n\r\nAgain.\r\n", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(workspace.Directory, "config", "labels.json"),
            """{"labels":[{"name":"Finance","description":"Bank mail.","rules":[{"domain":"bank.example"}]}],"fallback":"Review"}""", TestContext.Current.CancellationToken);
        // A .NET string cannot hold the byte 0xE9 on its own, so the shell renames the file to "caf\xE9.eml" (Latin-1).
        var start = new System.Diagnostics.ProcessStartInfo("/bin/sh") { WorkingDirectory = mine.FullName, ArgumentList = { "-c", "mv plain.eml \"$(printf 'caf\\351.eml')\"" } };
        using (var rename = System.Diagnostics.Process.Start(start)!)
        {
            await rename.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.Equal(0, rename.ExitCode);
        }

        Assert.Contains("caf\uFFFD.eml", Directory.EnumerateFiles(mine.FullName).Select(Path.GetFileName));

        var run = await workspace.RunAsync("triage", "--mailbox", "mine");

        // Found by the listing, before anything is paid for: never opened, never classified, and no failure of the run.
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("new messages: 2, classified: 1, labelled: 1, failed: 0, not started: 0, skipped: 1", run.Output, StringComparison.Ordinal);
        Assert.Contains("by source: rule 1, llm 0, fallback 0, failed 0", run.Output, StringComparison.Ordinal);
        Assert.Contains("skipped caf\uFFFD.eml: The file name is not valid UTF-8 (shown with \uFFFD), so it cannot be opened; rename the file to a UTF-8 name and run again.", run.Output, StringComparison.Ordinal);
        Assert.Equal(["good.eml"], ReadRecord(Path.Combine(mine.FullName, ".emailtriage", "labels.jsonl")).Select(r => r.Id));
    }

    [Fact]
    public async Task Dry_run_reports_labels_but_changes_nothing()
    {
        await using var llm = await FakeLlmServer.StartAsync(TestContext.Current.CancellationToken);
        llm.Answer = SampleAnswers.Answer;
        using var workspace = new CliWorkspace().WithLlm(llm.BaseUrl);

        var run = await workspace.RunAsync("triage", "--dry-run", "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(24, run.OutputLines.Count);
        Assert.All(run.OutputLines, line => Assert.False(JsonDocument.Parse(line).RootElement.GetProperty("applied").GetBoolean()));
        Assert.False(File.Exists(workspace.SampleRecord));
    }

    [Fact]
    public async Task Max_takes_only_that_many_messages()
    {
        await using var llm = await FakeLlmServer.StartAsync(TestContext.Current.CancellationToken);
        llm.Answer = SampleAnswers.Answer;
        using var workspace = new CliWorkspace().WithLlm(llm.BaseUrl);

        var run = await workspace.RunAsync("triage", "--max", "5", "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(5, run.OutputLines.Count);
        Assert.Equal(5, ReadRecord(workspace.SampleRecord).Count);
    }

    [Fact]
    public async Task Mailbox_option_triages_another_folder()
    {
        await using var llm = await FakeLlmServer.StartAsync(TestContext.Current.CancellationToken);
        llm.Answer = _ => "Work";
        using var workspace = new CliWorkspace(withSamples: false).WithLlm(llm.BaseUrl);
        var mine = Directory.CreateDirectory(Path.Combine(workspace.Directory, "mine"));
        await File.WriteAllTextAsync(Path.Combine(mine.FullName, "a.eml"), "From: Boss <boss@corp.example>\r\nSubject: Budget\r\n\r\nPlease review.\r\n", TestContext.Current.CancellationToken);

        var run = await workspace.RunAsync("triage", "--mailbox", "mine", "--json");

        Assert.Equal(0, run.ExitCode);
        var result = JsonDocument.Parse(Assert.Single(run.OutputLines)).RootElement;
        Assert.Equal("a.eml", result.GetProperty("id").GetString());
        Assert.Equal("Work", result.GetProperty("label").GetString());
        Assert.Equal("llm", result.GetProperty("source").GetString());
    }

    [Fact]
    public async Task Off_list_answers_get_the_fallback_label_never_the_answer()
    {
        await using var llm = await FakeLlmServer.StartAsync(TestContext.Current.CancellationToken);
        llm.Answer = _ => "Urgent";
        using var workspace = new CliWorkspace().WithLlm(llm.BaseUrl);

        var run = await workspace.RunAsync("triage", "--json");

        Assert.Equal(0, run.ExitCode);
        var results = run.OutputLines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(17, results.Count(r => r.GetProperty("source").GetString() == "fallback"));
        Assert.All(results, r => Assert.Contains(r.GetProperty("label").GetString()!, SampleLabels.Names));
        Assert.All(
            results.Where(r => r.GetProperty("source").GetString() == "fallback"),
            r => Assert.StartsWith("Invalid label returned by LLM", r.GetProperty("reason").GetString(), StringComparison.Ordinal));
        Assert.Equal(17 * 2, llm.ChatRequestCount);
    }

    [Fact]
    public async Task Rejected_key_stops_the_run_with_exit_code_3_and_leaves_llm_mail_untouched()
    {
        await using var llm = await FakeLlmServer.StartAsync(TestContext.Current.CancellationToken);
        llm.RequiredApiKey = "right-key";
        using var workspace = new CliWorkspace().WithLlm(llm.BaseUrl).With("LLM_API_KEY", "wrong-key").With("LLM_MAX_CONCURRENCY", "1");

        var run = await workspace.RunAsync("triage");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("Authentication failed", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-key", run.Output + run.Error, StringComparison.Ordinal);
        Assert.Equal(1, llm.ChatRequestCount);
        Assert.All(ReadRecord(workspace.SampleRecord), r => Assert.Equal("rule", r.Source));
    }

    [Fact]
    public async Task Unreachable_llm_gives_exit_code_3_and_the_known_message()
    {
        var port = FakeLlmServer.GetUnusedPort();
        using var workspace = new CliWorkspace().WithLlm(new Uri($"http://127.0.0.1:{port}/v1"));

        var run = await workspace.RunAsync("triage");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains($"Cannot connect to LLM API at http://127.0.0.1:{port}/v1", run.Output, StringComparison.Ordinal);
        Assert.All(ReadRecord(workspace.SampleRecord), r => Assert.Equal("rule", r.Source));
    }

    [Fact]
    public async Task A_message_that_fails_once_is_left_for_the_next_run_with_exit_code_4()
    {
        await using var llm = await FakeLlmServer.StartAsync(TestContext.Current.CancellationToken);
        llm.Answer = SampleAnswers.Answer;
        llm.EnqueueFault(new FakeLlmFault.ServerError());
        using var workspace = new CliWorkspace().WithLlm(llm.BaseUrl).With("LLM_MAX_CONCURRENCY", "1");

        var run = await workspace.RunAsync("triage", "--json");

        Assert.Equal(4, run.ExitCode);
        var failed = Assert.Single(run.OutputLines.Select(l => JsonDocument.Parse(l).RootElement), r => r.GetProperty("source").GetString() == "failed");
        Assert.False(failed.GetProperty("applied").GetBoolean());
        Assert.Equal(23, ReadRecord(workspace.SampleRecord).Count);

        var retry = await workspace.RunAsync("triage", "--json");
        Assert.Equal(0, retry.ExitCode);
        Assert.Equal(failed.GetProperty("id").GetString(), JsonDocument.Parse(Assert.Single(retry.OutputLines)).RootElement.GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("SIGINT", 130)]
    [InlineData("SIGTERM", 143)]
    [InlineData("SIGHUP", 129)]
    public async Task A_stop_signal_keeps_the_labels_already_decided_and_exits_with_the_shell_code(string name, int exitCode)
    {
        await using var llm = await FakeLlmServer.StartAsync(TestContext.Current.CancellationToken);
        using var interrupt = new CliInterrupt(TestContext.Current.CancellationToken);
        var signal = StopSignal.All.Single(s => s.Signal.ToString() == name);
        llm.Answer = request =>
        {
            // The signal arrives while the third message is with the model.
            if (llm.ChatRequestCount == 3)
            {
                interrupt.Stop(signal);
            }

            return SampleAnswers.Answer(request);
        };
        using var workspace = new CliWorkspace().WithLlm(llm.BaseUrl).With("LLM_MAX_CONCURRENCY", "1");

        var run = await workspace.RunAsync(interrupt, "triage");

        Assert.Equal(exitCode, run.ExitCode);
        Assert.Contains($"Interrupted by {name}", run.Error, StringComparison.Ordinal);
        Assert.Contains("labels already decided were applied", run.Error, StringComparison.Ordinal);
        var recorded = ReadRecord(workspace.SampleRecord);
        Assert.Equal(2, recorded.Count);
        Assert.All(recorded, r => Assert.Equal(SampleLabels.Expected[r.Id], r.Label));
    }

    [Theory]
    [InlineData("LLM_BASE_URL", "not a url", "LLM_BASE_URL")]
    [InlineData("LLM_MAX_CONCURRENCY", "0", "LLM_MAX_CONCURRENCY")]
    [InlineData("LLM_MAX_CONCURRENCY", "many", "LLM_MAX_CONCURRENCY")]
    [InlineData("LOG_LEVEL", "LOUD", "LOG_LEVEL")]
    public async Task Bad_settings_give_exit_code_2_naming_the_setting(string name, string value, string named)
    {
        using var workspace = new CliWorkspace().With("LLM_MODEL", "m").With(name, value);

        var run = await workspace.RunAsync("triage");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(named, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Https_base_url_against_a_plain_http_server_says_to_use_http()
    {
        await using var llm = await FakeLlmServer.StartAsync(TestContext.Current.CancellationToken);
        var https = new UriBuilder(llm.BaseUrl) { Scheme = Uri.UriSchemeHttps, Port = llm.BaseUrl.Port }.Uri;
        var plain = llm.BaseUrl.ToString().TrimEnd('/');
        using var workspace = new CliWorkspace().WithLlm(https).With("LLM_MAX_RETRIES", "0");

        var run = await workspace.RunAsync("triage");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains($"LLM_BASE_URL uses https but the server at 127.0.0.1:{llm.BaseUrl.Port} answers plain http", run.Output, StringComparison.Ordinal);
        Assert.Contains($"Use {plain} in LLM_BASE_URL", run.Output, StringComparison.Ordinal);
        Assert.Equal(0, llm.ChatRequestCount);
    }

    [Fact]
    public async Task Base_url_without_v1_says_what_check_says()
    {
        await using var llm = await FakeLlmServer.StartAsync(TestContext.Current.CancellationToken);
        using var workspace = new CliWorkspace().WithLlm(llm.RootUrl);

        var triage = await workspace.RunAsync("triage");
        var check = await workspace.RunAsync("check");

        const string Words = "has no models list (HTTP 404). Check that LLM_BASE_URL ends with /v1.";
        Assert.Equal(2, triage.ExitCode);
        Assert.Contains(Words, triage.Output + triage.Error, StringComparison.Ordinal);
        Assert.Contains(Words, check.Output + check.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Set LLM_MODEL", triage.Output + triage.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Label_file_in_utf16_without_a_byte_order_mark_says_to_save_it_as_utf8()
    {
        using var workspace = new CliWorkspace();
        var path = Path.Combine(workspace.Directory, "config", "labels.json");
        var json = await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken);
        await File.WriteAllBytesAsync(path, new System.Text.UnicodeEncoding(bigEndian: false, byteOrderMark: false).GetBytes(json), TestContext.Current.CancellationToken);

        var run = await workspace.RunAsync("triage");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("labels.json looks like UTF-16 without a byte-order mark; save it as UTF-8", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(workspace.SampleRecord));
    }

    [Fact]
    public async Task Missing_model_gives_exit_code_2_naming_LLM_MODEL()
    {
        using var workspace = new CliWorkspace().With("LLM_BASE_URL", "http://127.0.0.1:9/v1");

        var run = await workspace.RunAsync("triage");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("LLM_MODEL environment variable must be set", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Broken_label_file_gives_exit_code_2_naming_the_file_and_line()
    {
        using var workspace = new CliWorkspace();
        await File.WriteAllTextAsync(Path.Combine(workspace.Directory, "config", "labels.json"), "{\n  \"labels\": [\n    {\"name\": \"Work\",, }\n  ]\n}", TestContext.Current.CancellationToken);

        var run = await workspace.RunAsync("triage");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("labels.json line 3", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(workspace.SampleRecord));
    }

    [Fact]
    public async Task Settings_come_from_the_dotenv_file_in_the_working_directory()
    {
        await using var llm = await FakeLlmServer.StartAsync(TestContext.Current.CancellationToken);
        llm.Answer = SampleAnswers.Answer;
        using var workspace = new CliWorkspace();
        await File.WriteAllTextAsync(
            Path.Combine(workspace.Directory, ".env"),
            $"# from the Python days\nLLM_BASE_URL={llm.BaseUrl}\nLLM_MODEL=\"test-model\"\nLLM_API_KEY=not-needed\n",
            TestContext.Current.CancellationToken);

        var run = await workspace.RunAsync("triage", "--max", "3", "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(3, run.OutputLines.Count);
        Assert.All(llm.Requests, r => Assert.Equal("Bearer not-needed", r.Authorization));
    }

    [Theory]
    [InlineData("triage", "--max", "0")]
    [InlineData("triage", "--unknown")]
    [InlineData("nonsense")]
    public async Task Bad_command_lines_give_exit_code_1(params string[] args)
    {
        using var workspace = new CliWorkspace(withSamples: false);

        var run = await workspace.RunAsync(args);

        Assert.Equal(1, run.ExitCode);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("99999999999")]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("2.5")]
    public async Task A_bad_number_for_max_gives_exit_code_1_naming_the_option(string value)
    {
        using var workspace = new CliWorkspace(withSamples: false);

        var run = await workspace.RunAsync("triage", "--max", value);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"--max takes a whole number from 1 to 2147483647, not '{value}'.", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Max_without_a_value_gives_exit_code_1()
    {
        using var workspace = new CliWorkspace(withSamples: false);

        var run = await workspace.RunAsync("triage", "--max");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--max", run.Error, StringComparison.Ordinal);
    }

    private static List<(string Id, string Label, string Source)> ReadRecord(string path) =>
        !File.Exists(path)
            ? []
            : [.. File.ReadAllLines(path).Select(line => JsonDocument.Parse(line).RootElement)
                .Select(e => (e.GetProperty("id").GetString()!, e.GetProperty("label").GetString()!, e.GetProperty("source").GetString()!))];
}
