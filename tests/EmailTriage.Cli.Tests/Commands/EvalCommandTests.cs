using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using EmailTriage.Cli.Tests.Support;
using EmailTriage.Testing;
using MimeKit;

namespace EmailTriage.Cli.Tests.Commands;

/// <summary>
/// <c>eval</c> end to end against the loopback LLM. The truth set below has twelve messages; the fake answers by
/// subject, right for seven and wrong for five in every way a run can be wrong, so each printed figure is known.
/// </summary>
public sealed class EvalCommandTests
{
    private const string Broken = "Broken alert";

    // Folder (truth), file, sender, subject, and what the fake model answers ("" for the rule-decided statement).
    private static readonly (string Truth, string File, string From, string Subject, string Answer)[] TruthSet =
    [
        ("Work", "w1.eml", "Dana <dana@corp.example>", "Budget review", "Work"),
        ("Work", "w2.eml", "Dana <dana@corp.example>", "Sprint planning", "Personal"),
        ("Work", "w3.eml", "Lee <lee@client.example>", "Client contract", "Work"),
        ("Personal", "p1.eml", "Sam <sam@home.example>", "Dinner on Friday", "Personal"),
        ("Personal", "p2.eml", "Kim <kim@home.example>", "<script>alert(1)</script> party", "Urgent"),
        ("Finance", "f1.eml", "Lakeside Bank <statements@lakeside-bank.example>", "Your November statement", ""),
        ("Finance", "f2.eml", "Billing <billing@host.example>", "Invoice 42", "Finance"),
        ("Finance", "f3.eml", "Shop <orders@shop.example>", "Receipt for order 9", "Promotions"),
        ("Newsletters", "nl1.eml", "Weekly <news@weekly.example>", "Weekly digest", "Promotions"),
        ("Notifications", "n1.eml", "Security <security@acct.example>", "Password changed", "Notifications"),
        ("Notifications", "n2.eml", "Alerts <alerts@acct.example>", Broken, "Notifications"),
        ("Promotions", "pr1.eml", "Deals <deals@store.example>", "Big winter sale", "Promotions"),
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string SubjectOf(FakeLlmRequest request) =>
        TruthSet.Select(m => m.Subject).Single(subject => request.Messages.Any(m => m.Content.Contains($"Subject: {subject}\n", StringComparison.Ordinal)));

    // The scripted answer; the broken message makes the fake fail with HTTP 500, so that message ends up unlabelled.
    private static string Answer(FakeLlmRequest request)
    {
        var subject = SubjectOf(request);
        return subject == Broken ? throw new InvalidOperationException("scripted server failure") : TruthSet.Single(m => m.Subject == subject).Answer;
    }

    // A model that knows every truth (still failing on the broken one), for --compare.
    private static string Perfect(FakeLlmRequest request)
    {
        var subject = SubjectOf(request);
        return subject == Broken ? throw new InvalidOperationException("scripted server failure") : TruthSet.Single(m => m.Subject == subject).Truth;
    }

    private static void WriteTruthSet(CliWorkspace workspace, string folder = "truth")
    {
        foreach (var (truth, file, from, subject, _) in TruthSet)
        {
            var directory = Directory.CreateDirectory(Path.Combine(workspace.Directory, folder, truth));
            File.WriteAllText(Path.Combine(directory.FullName, file), Rfc822(from, subject));
        }
    }

    private static string Rfc822(string from, string subject) =>
        $"From: {from}\r\nTo: alex@morgan.example\r\nSubject: {subject}\r\nDate: Mon, 07 Dec 2026 09:00:00 +0000\r\n" +
        $"Content-Type: text/plain; charset=utf-8\r\n\r\nAbout: {subject}.\r\n";

    private static string LabelIdOf(FakeGmailServer gmail, string name) => gmail.Labels.Single(l => l.Name == name).Id;

    /// <summary>The truth set as Gmail messages, each carrying its truth label (the fallback Review is not made); their ids by subject.</summary>
    private static Dictionary<string, string> AddTruthSetTo(FakeGmailServer gmail)
    {
        foreach (var truth in TruthSet.Select(m => m.Truth).Distinct())
        {
            gmail.AddLabel(truth);
        }

        return TruthSet.ToDictionary(m => m.Subject, m => gmail.AddMessage(Rfc822(m.From, m.Subject), null, LabelIdOf(gmail, m.Truth)));
    }

    private static async Task<(FakeLlmServer Llm, CliWorkspace Workspace)> StartAsync()
    {
        var llm = await FakeLlmServer.StartAsync(Ct);
        llm.Answer = Answer;
        var workspace = new CliWorkspace(withSamples: false).WithLlm(llm.BaseUrl).With("LLM_PRICE_PER_MTOK", "0.18/0.18");
        WriteTruthSet(workspace);
        return (llm, workspace);
    }

    /// <summary>Prompt and completion tokens as the fake counts them (characters / 4, rounded up) for the calls that succeeded.</summary>
    private static (long Prompt, long Completion) FakeTokens(FakeLlmServer llm)
    {
        var answered = llm.Requests.Where(r => SubjectOf(r) != Broken).ToList();
        var prompt = answered.Sum(r => (r.Messages.Sum(m => m.Content.Length) + 3) / 4);
        var completion = answered.Sum(r => Math.Max(1, ($"{{\"label\":\"{Answer(r)}\"}}".Length + 3) / 4));
        return (prompt, completion);
    }

    private static void AssertLine(string output, string pattern) =>
        Assert.Matches(new Regex($"(?m)^  {pattern}\\s*$"), output);

    [Fact]
    public async Task Prints_every_figure_of_the_known_answers()
    {
        var (llm, workspace) = await StartAsync();
        await using var _ = llm;
        using var __ = workspace;

        var run = await workspace.RunAsync("eval", "--mailbox", "truth");

        Assert.Equal(0, run.ExitCode);
        var output = run.Output;
        var (prompt, completion) = FakeTokens(llm);
        AssertLine(output, @"accuracy where decided\s+63\.6 % \(7 of 11 given a label\)");
        AssertLine(output, @"coverage\s+91\.7 % \(11 of 12 given a label\)");
        AssertLine(output, @"accuracy over all mail\s+58\.3 % \(7 of 12\)");
        AssertLine(output, @"macro F1\s+0\.544");
        AssertLine(output, @"decided by rules\s+8\.3 % \(1\)");
        AssertLine(output, @"fallback label\s+8\.3 % \(1\)");
        AssertLine(output, @"failed \(no label\)\s+8\.3 % \(1\)");
        // 11 answers and the failed call for the broken message: failed calls are counted too (they were sent).
        AssertLine(output, @"LLM calls\s+12 \(1\.00 per message\)");
        AssertLine(output, $@"prompt tokens per message\s+{Regex.Escape((prompt / 12.0).ToString("0.0", CultureInfo.InvariantCulture))}");
        AssertLine(output, $@"completion tokens per message\s+{Regex.Escape((completion / 12.0).ToString("0.0", CultureInfo.InvariantCulture))}");
        AssertLine(output, @"latency per call p50 / p95\s+\d+ ms / \d+ ms");
        var cost = ((prompt * 0.18) + (completion * 0.18)) / 1_000_000 / 12 * 1000;
        AssertLine(output, $@"cost per 1,000 messages\s+\${cost.ToString("0.0000", CultureInfo.InvariantCulture)} at 0\.18/0\.18 \$/Mtok");

        AssertLine(output, @"label\s+truth\s+answered\s+correct\s+precision\s+recall\s+F1");
        AssertLine(output, @"Work\s+3\s+2\s+2\s+1\.000\s+0\.667\s+0\.800");
        AssertLine(output, @"Personal\s+2\s+2\s+1\s+0\.500\s+0\.500\s+0\.500");
        AssertLine(output, @"Finance\s+3\s+2\s+2\s+1\.000\s+0\.667\s+0\.800");
        AssertLine(output, @"Newsletters\s+1\s+0\s+0\s+-\s+0\.000\s+0\.000");
        AssertLine(output, @"Notifications\s+2\s+1\s+1\s+1\.000\s+0\.500\s+0\.667");
        AssertLine(output, @"Promotions\s+1\s+3\s+1\s+0\.333\s+1\.000\s+0\.500");
        AssertLine(output, @"Review\s+0\s+1\s+0\s+0\.000\s+-\s+0\.000");

        AssertLine(output, @"truth \\ answer\s+Work\s+Personal\s+Finance\s+Newsletters\s+Notifications\s+Promotions\s+Review\s+\(none\)");
        AssertLine(output, @"Work\s+2\s+1\s+0\s+0\s+0\s+0\s+0\s+0");
        AssertLine(output, @"Personal\s+0\s+1\s+0\s+0\s+0\s+0\s+1\s+0");
        AssertLine(output, @"Finance\s+0\s+0\s+2\s+0\s+0\s+1\s+0\s+0");
        AssertLine(output, @"Newsletters\s+0\s+0\s+0\s+0\s+0\s+1\s+0\s+0");
        AssertLine(output, @"Notifications\s+0\s+0\s+0\s+0\s+1\s+0\s+0\s+1");
        AssertLine(output, @"Promotions\s+0\s+0\s+0\s+0\s+0\s+1\s+0\s+0");

        Assert.Contains("Misclassified (5)", output, StringComparison.Ordinal);
        AssertLine(output, @"Personal/p2\.eml\s+Personal\s+Review\s+fallback\s+<script>alert\(1\)</script> party");
        AssertLine(output, @"Notifications/n2\.eml\s+Notifications\s+\(none\)\s+failed\s+Broken alert");
        Assert.Equal(12, llm.ChatRequestCount);
        Assert.False(Directory.Exists(Path.Combine(workspace.Directory, "truth", "Work", ".emailtriage")));
    }

    [Fact]
    public async Task Json_has_the_same_figures_with_null_for_the_undefined_ones()
    {
        var (llm, workspace) = await StartAsync();
        await using var _ = llm;
        using var __ = workspace;

        var run = await workspace.RunAsync("eval", "--mailbox", "truth", "--json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var root = json.RootElement;
        var scores = root.GetProperty("scores");
        var (prompt, completion) = FakeTokens(llm);
        Assert.Equal(12, scores.GetProperty("messages").GetInt32());
        Assert.Equal(12, root.GetProperty("available").GetInt32());
        Assert.Equal("test-model", root.GetProperty("model").GetString());
        Assert.Equal(7.0 / 12, scores.GetProperty("accuracyOverAll").GetDouble(), 12);
        Assert.Equal(7.0 / 11, scores.GetProperty("accuracyWhereDecided").GetDouble(), 12);
        Assert.Equal(11.0 / 12, scores.GetProperty("coverage").GetDouble(), 12);
        Assert.Equal(new[] { 0.8, 0.5, 0.8, 0.0, 2.0 / 3, 0.5 }.Average(), scores.GetProperty("macroF1").GetDouble(), 12);
        Assert.Equal(1.0 / 12, scores.GetProperty("ruleShare").GetDouble(), 12);
        Assert.Equal(1.0 / 12, scores.GetProperty("fallbackRate").GetDouble(), 12);
        Assert.Equal(1.0 / 12, scores.GetProperty("failureRate").GetDouble(), 12);
        Assert.Equal(12, scores.GetProperty("llmCalls").GetInt32());
        Assert.Equal(prompt, scores.GetProperty("promptTokens").GetInt64());
        Assert.Equal(completion, scores.GetProperty("completionTokens").GetInt64());
        Assert.Equal(prompt / 12.0, scores.GetProperty("promptTokensPerMessage").GetDouble(), 12);
        Assert.Equal(completion / 12.0, scores.GetProperty("completionTokensPerMessage").GetDouble(), 12);
        Assert.Equal(((prompt * 0.18) + (completion * 0.18)) / 1_000_000 / 12 * 1000, scores.GetProperty("costPer1000Messages").GetDouble(), 12);
        Assert.True(scores.GetProperty("latencyP95Ms").GetDouble() >= scores.GetProperty("latencyP50Ms").GetDouble());

        var labels = scores.GetProperty("labels").EnumerateArray().ToDictionary(l => l.GetProperty("label").GetString()!);
        Assert.Equal(["Work", "Personal", "Finance", "Newsletters", "Notifications", "Promotions", "Review"], labels.Keys);
        Assert.Equal(JsonValueKind.Null, labels["Newsletters"].GetProperty("precision").ValueKind);
        Assert.Equal(0, labels["Newsletters"].GetProperty("recall").GetDouble());
        Assert.Equal(JsonValueKind.Null, labels["Review"].GetProperty("recall").ValueKind);
        Assert.Equal(1.0 / 3, labels["Promotions"].GetProperty("precision").GetDouble(), 12);
        Assert.Equal((3, 2, 2), (labels["Work"].GetProperty("truth").GetInt32(), labels["Work"].GetProperty("answered").GetInt32(), labels["Work"].GetProperty("correct").GetInt32()));

        var confusion = scores.GetProperty("confusion");
        Assert.Equal(["Work", "Personal", "Finance", "Newsletters", "Notifications", "Promotions"], confusion.GetProperty("truths").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["Work", "Personal", "Finance", "Newsletters", "Notifications", "Promotions", "Review", "(none)"], confusion.GetProperty("answers").EnumerateArray().Select(e => e.GetString()));
        int[][] counts =
        [
            [2, 1, 0, 0, 0, 0, 0, 0],
            [0, 1, 0, 0, 0, 0, 1, 0],
            [0, 0, 2, 0, 0, 1, 0, 0],
            [0, 0, 0, 0, 0, 1, 0, 0],
            [0, 0, 0, 0, 1, 0, 0, 1],
            [0, 0, 0, 0, 0, 1, 0, 0],
        ];
        Assert.Equal(counts, confusion.GetProperty("counts").EnumerateArray().Select(row => row.EnumerateArray().Select(c => c.GetInt32()).ToArray()).ToArray());

        var mistakes = root.GetProperty("misclassified").EnumerateArray().ToList();
        Assert.Equal(["Finance/f3.eml", "Newsletters/nl1.eml", "Notifications/n2.eml", "Personal/p2.eml", "Work/w2.eml"], mistakes.Select(m => m.GetProperty("id").GetString()));
        Assert.Equal(JsonValueKind.Null, mistakes[2].GetProperty("answer").ValueKind);
        Assert.Equal("Kim <kim@home.example>", mistakes[3].GetProperty("from").GetString());
    }

    [Fact]
    public async Task Sample_takes_the_same_messages_every_time()
    {
        var (llm, workspace) = await StartAsync();
        await using var _ = llm;
        using var __ = workspace;

        var first = await workspace.RunAsync("eval", "--mailbox", "truth", "--sample", "5", "--json");
        var firstRequests = llm.Requests;
        var second = await workspace.RunAsync("eval", "--mailbox", "truth", "--sample", "5", "--json");
        var secondRequests = llm.Requests.Skip(firstRequests.Count);
        var firstSubjects = firstRequests.Select(SubjectOf).Distinct().Order().ToList();
        var secondSubjects = secondRequests.Select(SubjectOf).Distinct().Order().ToList();

        Assert.Equal((0, 0), (first.ExitCode, second.ExitCode));
        using var a = JsonDocument.Parse(first.Output);
        using var b = JsonDocument.Parse(second.Output);
        Assert.Equal(5, a.RootElement.GetProperty("scores").GetProperty("messages").GetInt32());
        Assert.Equal(12, a.RootElement.GetProperty("available").GetInt32());
        Assert.Equal(5, a.RootElement.GetProperty("sample").GetInt32());
        Assert.Equal(42, a.RootElement.GetProperty("seed").GetInt32());
        Assert.Equal(a.RootElement.GetProperty("scores").GetProperty("confusion").GetRawText(), b.RootElement.GetProperty("scores").GetProperty("confusion").GetRawText());
        Assert.Equal(a.RootElement.GetProperty("misclassified").GetRawText(), b.RootElement.GetProperty("misclassified").GetRawText());
        Assert.Equal(firstSubjects, secondSubjects);
    }

    [Fact]
    public async Task Report_is_a_self_contained_page_with_the_matrix_and_encoded_subjects()
    {
        var (llm, workspace) = await StartAsync();
        await using var _ = llm;
        using var __ = workspace;

        var run = await workspace.RunAsync("eval", "--mailbox", "truth", "--report", "out/report.html");

        Assert.Equal(0, run.ExitCode);
        var path = Path.Combine(workspace.Directory, "out", "report.html");
        Assert.Contains($"Report written to {path}", run.Output, StringComparison.Ordinal);
        var html = await File.ReadAllTextAsync(path, Ct);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("<table class=\"heat\">", html, StringComparison.Ordinal);
        Assert.Contains("<th>Notifications</th><td class=\"zero\"", html, StringComparison.Ordinal);
        Assert.Contains("title=\"truth Work, answer Personal: 1 of 3\">1</td>", html, StringComparison.Ordinal);
        Assert.Contains("Misclassified (5)", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; party", html, StringComparison.Ordinal);
        Assert.Contains("Kim &lt;kim@home.example&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", html.Replace(llm.BaseUrl.ToString(), string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_runs_both_settings_on_the_same_messages_side_by_side()
    {
        var (llm, workspace) = await StartAsync();
        await using var _ = llm;
        using var __ = workspace;
        llm.Models.Add("other-model");
        llm.Answer = request => request.Model == "other-model" ? Perfect(request) : Answer(request);
        await File.WriteAllTextAsync(Path.Combine(workspace.Directory, "other.env"), "LLM_MODEL=other-model\nLLM_PRICE_PER_MTOK=0.10/0.10\n", Ct);

        var run = await workspace.RunAsync("eval", "--mailbox", "truth", "--compare", "other.env");

        Assert.Equal(0, run.ExitCode);
        AssertLine(run.Output, @"figure\s+current\s+other\.env\s+change");
        AssertLine(run.Output, @"model\s+test-model\s+other-model");
        AssertLine(run.Output, @"accuracy over all mail\s+58\.3 %\s+91\.7 %\s+\+33\.3 pts");
        AssertLine(run.Output, @"F1 Newsletters\s+0\.000\s+1\.000\s+\+1\.000");
        AssertLine(run.Output, @"failed \(no label\)\s+8\.3 %\s+8\.3 %\s+\+0\.0 pts");
        Assert.Contains("[current] Evaluation of labelled folder", run.Output, StringComparison.Ordinal);
        Assert.Contains("[other.env] Evaluation of labelled folder", run.Output, StringComparison.Ordinal);
        Assert.Equal(12, llm.Requests.Count(r => r.Model == "test-model"));
        Assert.Equal(11, llm.Requests.Count(r => r.Model == "other-model"));
    }

    [Fact]
    public async Task Compare_json_holds_both_results()
    {
        var (llm, workspace) = await StartAsync();
        await using var _ = llm;
        using var __ = workspace;
        llm.Models.Add("other-model");
        llm.Answer = request => request.Model == "other-model" ? Perfect(request) : Answer(request);
        await File.WriteAllTextAsync(Path.Combine(workspace.Directory, "other.env"), "LLM_MODEL=other-model\n", Ct);

        var run = await workspace.RunAsync("eval", "--mailbox", "truth", "--compare", "other.env", "--json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal("other.env", json.RootElement.GetProperty("comparedWith").GetString());
        Assert.Equal("test-model", json.RootElement.GetProperty("current").GetProperty("model").GetString());
        Assert.Equal("other-model", json.RootElement.GetProperty("compared").GetProperty("model").GetString());
        Assert.Equal(11.0 / 12, json.RootElement.GetProperty("compared").GetProperty("scores").GetProperty("accuracyOverAll").GetDouble(), 12);
    }

    [Fact]
    public async Task Without_a_mailbox_evaluates_the_bundled_labelled_examples()
    {
        await using var llm = await FakeLlmServer.StartAsync(Ct);
        var truthBySubject = LabelledExamples().ToDictionary(e => e.Subject, e => e.Truth);
        llm.Answer = request => truthBySubject.First(pair => request.User.Contains($"Subject: {pair.Key}", StringComparison.Ordinal)).Value;
        using var workspace = new CliWorkspace(withSamples: false).WithLlm(llm.BaseUrl);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(CliWorkspace.RepoRoot, "samples", "labelled"), "*.eml", SearchOption.AllDirectories))
        {
            var target = Path.Combine(workspace.Directory, Path.GetRelativePath(CliWorkspace.RepoRoot, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        var run = await workspace.RunAsync("eval");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("bundled labelled examples in samples/labelled", run.Output, StringComparison.Ordinal);
        var count = truthBySubject.Count;
        AssertLine(run.Output, $@"accuracy where decided\s+100\.0 % \({count} of {count} given a label\)");
        Assert.True(count >= 36, $"{count} labelled examples");
    }

    [Fact]
    public async Task Interactive_output_draws_tables()
    {
        var (llm, workspace) = await StartAsync();
        await using var _ = llm;
        using var __ = workspace;
        var output = new StringWriter();
        KeyValuePair<string, string?>[] variables =
        [
            new("LLM_BASE_URL", llm.BaseUrl.ToString()), new("LLM_MODEL", "test-model"), new("LLM_MAX_RETRIES", "0"),
            new("LOG_FILE", Path.Combine(workspace.Directory, "data", "logs", "test.log")),
        ];
        var environment = new CliEnvironment(workspace.Directory, variables, new CliConsole(output, new StringWriter(), Interactive: true));

        using var interrupt = new CliInterrupt(Ct);
        var exitCode = await CliApplication.RunAsync(["eval", "--mailbox", "truth"], environment, interrupt);

        Assert.Equal(0, exitCode);
        Assert.Contains("Confusion matrix", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("58.3 % (7 of 12)", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("Misclassified (5)", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("Broken alert", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_that_is_not_a_label_is_a_configuration_error_naming_it()
    {
        var (llm, workspace) = await StartAsync();
        await using var _ = llm;
        using var __ = workspace;
        Directory.Move(Path.Combine(workspace.Directory, "truth", "Promotions"), Path.Combine(workspace.Directory, "truth", "Deals"));

        var run = await workspace.RunAsync("eval", "--mailbox", "truth");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'Deals' is not a label", run.Error, StringComparison.Ordinal);
        Assert.Equal(0, llm.ChatRequestCount);
    }

    [Fact]
    public async Task A_bad_price_names_the_setting_before_any_call()
    {
        var (llm, workspace) = await StartAsync();
        await using var _ = llm;
        using var __ = workspace;
        workspace.With("LLM_PRICE_PER_MTOK", "cheap");

        var run = await workspace.RunAsync("eval", "--mailbox", "truth");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("LLM_PRICE_PER_MTOK 'cheap'", run.Error, StringComparison.Ordinal);
        Assert.Equal(0, llm.ChatRequestCount);
    }

    [Fact]
    public async Task A_missing_compare_file_is_a_configuration_error()
    {
        var (llm, workspace) = await StartAsync();
        await using var _ = llm;
        using var __ = workspace;

        var run = await workspace.RunAsync("eval", "--mailbox", "truth", "--compare", "nope.env");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("nope.env", run.Error, StringComparison.Ordinal);
        Assert.Equal(0, llm.ChatRequestCount);
    }

    [Fact]
    public async Task Without_an_llm_it_says_what_to_set()
    {
        using var workspace = new CliWorkspace(withSamples: false);
        WriteTruthSet(workspace);

        var run = await workspace.RunAsync("eval", "--mailbox", "truth");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("LLM_BASE_URL", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejected_key_stops_with_exit_code_3()
    {
        var (llm, workspace) = await StartAsync();
        await using var _ = llm;
        using var __ = workspace;
        llm.RequiredApiKey = "right-key";
        workspace.With("LLM_API_KEY", "wrong-key");

        var run = await workspace.RunAsync("eval", "--mailbox", "truth");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("Authentication failed", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-key", run.Output + run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gmail_labels_as_truth_give_the_known_figures_and_change_nothing()
    {
        await using var gmail = await FakeGmailServer.StartAsync(Ct);
        var (llm, workspace) = await StartAsync();
        await using var _ = llm;
        using var __ = workspace.WithGmail(gmail);
        var ids = AddTruthSetTo(gmail);
        var both = gmail.AddMessage(Rfc822("Dana <dana@corp.example>", "Work dinner"), null, "INBOX", LabelIdOf(gmail, "Work"), LabelIdOf(gmail, "Personal"));
        gmail.AddMessage(Rfc822("Kim <kim@home.example>", "Not labelled yet"), null, "INBOX");
        var labelsBefore = gmail.Labels;

        var run = await workspace.RunAsync("eval", "--mailbox", "gmail", "--truth", "labels", "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(
            "Gmail truth: 12 message(s) carry exactly one configured label; 1 carrying two or more were left out; not in Gmail, so without truth: Review.",
            run.Error,
            StringComparison.Ordinal);
        using var json = JsonDocument.Parse(run.Output);
        var root = json.RootElement;
        var scores = root.GetProperty("scores");
        Assert.Equal("Gmail labels of me", root.GetProperty("mailbox").GetString());
        Assert.Equal((12, 12, 7, 12), (scores.GetProperty("messages").GetInt32(), root.GetProperty("available").GetInt32(), scores.GetProperty("correct").GetInt32(), scores.GetProperty("llmCalls").GetInt32()));
        Assert.Equal(7.0 / 12, scores.GetProperty("accuracyOverAll").GetDouble(), 12);
        Assert.Equal(new[] { 0.8, 0.5, 0.8, 0.0, 2.0 / 3, 0.5 }.Average(), scores.GetProperty("macroF1").GetDouble(), 12);
        Assert.Equal((1, 1, 1), (scores.GetProperty("decidedByRules").GetInt32(), scores.GetProperty("fallbacks").GetInt32(), scores.GetProperty("failures").GetInt32()));
        int[][] counts =
        [
            [2, 1, 0, 0, 0, 0, 0, 0],
            [0, 1, 0, 0, 0, 0, 1, 0],
            [0, 0, 2, 0, 0, 1, 0, 0],
            [0, 0, 0, 0, 0, 1, 0, 0],
            [0, 0, 0, 0, 1, 0, 0, 1],
            [0, 0, 0, 0, 0, 1, 0, 0],
        ];
        Assert.Equal(counts, scores.GetProperty("confusion").GetProperty("counts").EnumerateArray().Select(row => row.EnumerateArray().Select(c => c.GetInt32()).ToArray()).ToArray());
        string[] wrong = ["Receipt for order 9", "Weekly digest", Broken, "<script>alert(1)</script> party", "Sprint planning"];
        Assert.Equal(
            wrong.Select(subject => ids[subject]).Order(StringComparer.Ordinal),
            root.GetProperty("misclassified").EnumerateArray().Select(m => m.GetProperty("id").GetString()));

        Assert.Equal(12, llm.ChatRequestCount);
        Assert.DoesNotContain(gmail.Requests, r => r.Call == FakeGmailCall.MessagesGet && r.Path.EndsWith(both, StringComparison.Ordinal));
        Assert.Equal(0, gmail.CountOf(FakeGmailCall.LabelsCreate));
        Assert.Equal(0, gmail.CountOf(FakeGmailCall.MessagesBatchModify));
        Assert.Equal(labelsBefore, gmail.Labels);
        Assert.All(ids.Values, id => Assert.Single(gmail.LabelIdsOf(id)));
    }

    [Fact]
    public async Task Gmail_sample_fetches_only_the_chosen_messages()
    {
        await using var gmail = await FakeGmailServer.StartAsync(Ct);
        var (llm, workspace) = await StartAsync();
        await using var _ = llm;
        using var __ = workspace.WithGmail(gmail);
        AddTruthSetTo(gmail);

        var run = await workspace.RunAsync("eval", "--mailbox", "gmail", "--sample", "5", "--json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal((5, 12, 5), (json.RootElement.GetProperty("scores").GetProperty("messages").GetInt32(), json.RootElement.GetProperty("available").GetInt32(), json.RootElement.GetProperty("sample").GetInt32()));
        Assert.Equal(5, gmail.CountOf(FakeGmailCall.MessagesGet));
        Assert.Equal(5, llm.Requests.Select(SubjectOf).Distinct().Count());
    }

    [Fact]
    public async Task Gmail_without_a_sign_in_names_the_token_file_and_the_command()
    {
        var (llm, workspace) = await StartAsync();
        await using var _ = llm;
        using var __ = workspace;

        var run = await workspace.RunAsync("eval", "--mailbox", "gmail");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("GMAIL_TOKEN_FILE", run.Error, StringComparison.Ordinal);
        Assert.Contains("emailtriage auth gmail", run.Error, StringComparison.Ordinal);
        Assert.Equal(0, llm.ChatRequestCount);
    }

    [Fact]
    public async Task Gmail_with_a_revoked_sign_in_stops_with_exit_code_3()
    {
        await using var gmail = await FakeGmailServer.StartAsync(Ct);
        var (llm, workspace) = await StartAsync();
        await using var _ = llm;
        using var __ = workspace.WithGmail(gmail);
        AddTruthSetTo(gmail);
        gmail.RevokeRefreshToken("1//cli-refresh-token");

        var run = await workspace.RunAsync("eval", "--mailbox", "gmail");

        Assert.Equal(3, run.ExitCode);
        Assert.StartsWith("Gmail sign-in expired or was revoked: run emailtriage auth gmail", run.Error, StringComparison.Ordinal);
        Assert.Equal(0, llm.ChatRequestCount);
    }

    [Theory]
    [InlineData("--mailbox truth --truth labels")]
    [InlineData("--truth labels")]
    [InlineData("--mailbox gmail --truth folders")]
    public async Task Truth_is_only_labels_and_only_for_a_mailbox_that_keeps_labels(string options)
    {
        using var workspace = new CliWorkspace(withSamples: false);
        Directory.CreateDirectory(Path.Combine(workspace.Directory, "truth"));

        var run = await workspace.RunAsync(["eval", .. options.Split(' ')]);

        Assert.Equal(1, run.ExitCode);
    }

    [Theory]
    [InlineData("--sample", "0")]
    [InlineData("--seed", "many")]
    public async Task Bad_options_are_usage_errors(string option, string value)
    {
        using var workspace = new CliWorkspace(withSamples: false);

        var run = await workspace.RunAsync("eval", option, value);

        Assert.Equal(1, run.ExitCode);
    }

    [Theory]
    [InlineData("--sample", "abc", "--sample takes a whole number from 1 to 2147483647, not 'abc'.")]
    [InlineData("--sample", "99999999999", "--sample takes a whole number from 1 to 2147483647, not '99999999999'.")]
    [InlineData("--sample", "0", "--sample takes a whole number from 1 to 2147483647, not '0'.")]
    [InlineData("--seed", "many", "--seed takes a whole number from -2147483648 to 2147483647, not 'many'.")]
    [InlineData("--seed", "99999999999", "--seed takes a whole number from -2147483648 to 2147483647, not '99999999999'.")]
    public async Task A_bad_number_gives_exit_code_1_naming_the_option(string option, string value, string message)
    {
        using var workspace = new CliWorkspace(withSamples: false);

        var run = await workspace.RunAsync("eval", option, value);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Error, StringComparison.Ordinal);
    }

    private static IEnumerable<(string Subject, string Truth)> LabelledExamples()
    {
        var root = Path.Combine(CliWorkspace.RepoRoot, "samples", "labelled");
        foreach (var file in Directory.EnumerateFiles(root, "*.eml", SearchOption.AllDirectories))
        {
            yield return (MimeMessage.Load(file).Subject?.Trim() ?? string.Empty, Path.GetFileName(Path.GetDirectoryName(file))!);
        }
    }
}
