using EmailTriage.Cli.Tests.Support;
using EmailTriage.Testing;

namespace EmailTriage.Cli.Tests.Commands;

public sealed class TriageAllMailboxesTests
{
    private static CliWorkspace WithMailboxes(CliWorkspace workspace, params string[] names)
    {
        foreach (var name in names)
        {
            var inbox = Directory.CreateDirectory(Path.Combine(workspace.Directory, "mail", name)).FullName;
            foreach (var file in Directory.EnumerateFiles(Path.Combine(workspace.Directory, "samples", "inbox"), "*.eml"))
            {
                File.Copy(file, Path.Combine(inbox, Path.GetFileName(file)));
            }
        }

        var entries = names.Select(n => $$"""{"name": "{{n}}", "kind": "folder", "path": "mail/{{n}}"}""");
        File.WriteAllText(Path.Combine(workspace.Directory, "config", "mailboxes.json"), $$"""{"mailboxes": [{{string.Join(",\n", entries)}}]}""");
        return workspace;
    }

    private static int Recorded(CliWorkspace workspace, string name) =>
        File.ReadAllLines(Path.Combine(workspace.Directory, "mail", name, ".emailtriage", "labels.jsonl")).Length;

    [Fact]
    public async Task All_mailboxes_run_at_once_within_one_llm_budget_with_a_summary_each_and_a_total()
    {
        await using var llm = await FakeLlmServer.StartAsync(TestContext.Current.CancellationToken);
        llm.Answer = SampleAnswers.Answer;
        llm.Latency = TimeSpan.FromMilliseconds(30);
        using var workspace = WithMailboxes(new CliWorkspace().WithLlm(llm.BaseUrl).With("LLM_MAX_CONCURRENCY", "2"), "one", "two", "three");

        var run = await workspace.RunAsync("triage", "--all");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(3 * 17, llm.ChatRequestCount);
        Assert.Equal(2, llm.MaxConcurrencySeen);
        Assert.All(new[] { "one", "two", "three" }, name => Assert.Equal(24, Recorded(workspace, name)));
        Assert.Contains("[two]", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"total\s+72\s+72\s+0\s+[\d.]+ s\s+3 of 3 mailbox\(es\) fine, LLM calls: 51", run.Output);
    }

    [Fact]
    public async Task Json_lines_name_the_mailbox_of_each_message()
    {
        await using var llm = await FakeLlmServer.StartAsync(TestContext.Current.CancellationToken);
        llm.Answer = SampleAnswers.Answer;
        using var workspace = WithMailboxes(new CliWorkspace().WithLlm(llm.BaseUrl), "one", "two");

        var run = await workspace.RunAsync("triage", "--all", "--json");

        Assert.Equal(0, run.ExitCode);
        var mailboxes = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("mailbox").GetString())
            .GroupBy(m => m).ToDictionary(g => g.Key!, g => g.Count());
        Assert.Equal(new Dictionary<string, int> { ["one"] = 24, ["two"] = 24 }, mailboxes);
    }

    [Fact]
    public async Task A_broken_mailbox_is_reported_and_never_holds_back_the_others_and_the_exit_code_is_the_worst()
    {
        using var workspace = WithMailboxes(new CliWorkspace(), "good");
        File.WriteAllText(
            Path.Combine(workspace.Directory, "config", "mailboxes.json"),
            """{"mailboxes": [{"name": "good", "kind": "folder", "path": "mail/good"}, {"name": "gone", "kind": "folder", "path": "mail/gone"}]}""");

        var run = await workspace.RunAsync("triage", "--all");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Equal(7, Recorded(workspace, "good"));
        Assert.Contains("[gone]\n  not triaged:", run.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("1 of 2 mailbox(es) fine", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_named_mailbox_runs_with_its_own_label_file()
    {
        using var workspace = WithMailboxes(new CliWorkspace(), "solo");
        File.WriteAllText(Path.Combine(workspace.Directory, "config", "solo-labels.json"), """{"labels": [{"name": "Everything", "description": "All mail.", "rules": [{"subject": "e"}]}]}""");
        File.WriteAllText(
            Path.Combine(workspace.Directory, "config", "mailboxes.json"),
            """{"mailboxes": [{"name": "solo", "kind": "folder", "path": "mail/solo", "labels": "config/solo-labels.json"}]}""");

        var run = await workspace.RunAsync("triage", "--mailbox", "solo");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Everything:", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Finance", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task All_without_a_mailbox_list_says_how_to_make_one()
    {
        using var workspace = new CliWorkspace();

        var run = await workspace.RunAsync("triage", "--all");

        Assert.Equal(ExitCodes.BadConfiguration, run.ExitCode);
        Assert.Contains("triage --all needs a mailbox list", run.Error + run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_mailbox_list_is_a_configuration_error_naming_the_line()
    {
        using var workspace = new CliWorkspace();
        File.WriteAllText(Path.Combine(workspace.Directory, "config", "mailboxes.json"), "{\"mailboxes\": [\n {\"name\": \"x\", \"kind\": \"pop\"}]}");

        var run = await workspace.RunAsync("triage", "--all");

        Assert.Equal(ExitCodes.BadConfiguration, run.ExitCode);
        Assert.Contains("mailboxes.json line 2: mailbox \"x\" has the unknown kind \"pop\"", run.Error + run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_all_opens_each_mailbox_and_names_the_broken_one()
    {
        using var workspace = WithMailboxes(new CliWorkspace(), "good");
        File.WriteAllText(
            Path.Combine(workspace.Directory, "config", "mailboxes.json"),
            """{"mailboxes": [{"name": "good", "kind": "folder", "path": "mail/good"}, {"name": "later", "kind": "imap", "host": "imap.example", "passwordSetting": "IMAP_PASSWORD"}]}""");

        var run = await workspace.With("IMAP_PASSWORD", "x").RunAsync("check", "--all");

        Assert.Contains("ok   mailbox good: folder:", run.Output, StringComparison.Ordinal);
        Assert.Contains("FAIL mailbox later:", run.Output, StringComparison.Ordinal);
        Assert.Contains("needs IMAP_USERNAME", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_broken_entry_is_reported_on_its_own_line_and_the_others_are_triaged_with_exit_code_2()
    {
        using var workspace = WithMailboxes(new CliWorkspace(), "good", "other");
        File.WriteAllText(
            Path.Combine(workspace.Directory, "config", "mailboxes.json"),
            """
            {"mailboxes": [
              {"name": "good", "kind": "folder", "path": "mail/good"},
              {"name": "pop", "kind": "pop3", "host": "pop.example"},
              {"name": "gone", "kind": "folder", "path": "mail/gone"},
              {"name": "other", "kind": "folder", "path": "mail/other"}
            ]}
            """);

        var run = await workspace.RunAsync("triage", "--all");
        var check = await workspace.RunAsync("check", "--all");

        // A wrong entry is a setting to fix: exit 2, whichever way it is wrong.
        Assert.Equal(ExitCodes.BadConfiguration, run.ExitCode);
        Assert.Equal((7, 7), (Recorded(workspace, "good"), Recorded(workspace, "other")));
        var output = run.Output.ReplaceLineEndings("\n");
        Assert.Contains("[pop]\n  not triaged: ", output, StringComparison.Ordinal);
        Assert.Contains("unknown kind \"pop3\"", output, StringComparison.Ordinal);
        Assert.Contains("[gone]\n  not triaged: ", output, StringComparison.Ordinal);
        Assert.Contains("2 of 4 mailbox(es) fine", run.Output, StringComparison.Ordinal);
        Assert.Contains("ok   mailbox good:", check.Output, StringComparison.Ordinal);
        Assert.Contains("FAIL mailbox pop:", check.Output, StringComparison.Ordinal);
        Assert.Contains("FAIL mailbox gone:", check.Output, StringComparison.Ordinal);
        Assert.Contains("ok   mailbox other:", check.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.BadConfiguration, check.ExitCode);
    }
}
