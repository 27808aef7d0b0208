using System.Globalization;
using System.Text.Json;
using EmailTriage.Cli.Tests.Support;

namespace EmailTriage.Cli.Tests.Commands;

/// <summary>
/// <c>learn</c>, and <c>triage</c> and <c>eval</c> with what it learned, end to end with no LLM: made-up filed mail in
/// <c>mail/&lt;Label&gt;/</c>, each label with its own senders and words, dated one hour apart in a mixed order.
/// </summary>
public sealed class LearnCommandTests
{
    private static readonly (string Label, string Domain, string[] Words)[] Filing =
    [
        ("Work", "corp.example", ["roadmap", "sprint", "review", "deadline", "standup"]),
        ("Finance", "billing.example", ["invoice", "payment", "receipt", "balance", "refund"]),
        ("Personal", "family.example", ["dinner", "birthday", "holiday", "photos", "weekend"]),
    ];

    private static string Eml(string from, string subject, string body, DateTimeOffset date) =>
        $"From: {from}\r\nTo: me@example.net\r\nSubject: {subject}\r\nDate: {date.ToString("r", CultureInfo.InvariantCulture)}\r\n" +
        $"Message-ID: <{Guid.NewGuid():N}@test.example>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n";

    /// <summary>Files <paramref name="perLabel"/> messages under each label; returns the workspace.</summary>
    private static CliWorkspace WithFiledMail(int perLabel, params string[] only)
    {
        var workspace = new CliWorkspace(withSamples: false);
        var start = new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);
        var n = 0;
        foreach (var (label, domain, words) in Filing.Where(f => only.Length == 0 || only.Contains(f.Label)))
        {
            var folder = Directory.CreateDirectory(Path.Combine(workspace.Directory, "mail", label)).FullName;
            for (var i = 0; i < perLabel; i++)
            {
                var word = words[i % words.Length];
                var date = start.AddHours((i * Filing.Length) + n);
                File.WriteAllText(
                    Path.Combine(folder, $"{i:00}.eml"),
                    Eml($"person{i % 3}@{domain}", $"About the {word} {i}", $"A note on the {word} and the {words[(i + 1) % words.Length]}.", date));
            }

            n++;
        }

        return workspace;
    }

    private static void AddNew(CliWorkspace workspace, string name, string label, int i)
    {
        var (_, domain, words) = Filing.Single(f => f.Label == label);
        File.WriteAllText(Path.Combine(workspace.Directory, "mail", name), Eml($"person{i % 3}@{domain}", $"New {words[i % words.Length]}", $"Another {words[i % words.Length]}.", new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public async Task Learn_trains_on_filed_mail_saves_the_model_beside_it_and_prints_what_it_measured()
    {
        using var workspace = WithFiledMail(perLabel: 20);

        var run = await workspace.RunAsync("learn", "--mailbox", "mail");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Learning from labelled folder", run.Output, StringComparison.Ordinal);
        Assert.Contains("trained on 60 messages", run.Output, StringComparison.Ordinal);
        Assert.Contains("held out the newest 12", run.Output, StringComparison.Ordinal);
        Assert.Contains("messages per label: Finance 20, Personal 20, Work 20", run.Output, StringComparison.Ordinal);
        Assert.Contains("no examples yet (the model cannot answer these): Newsletters", run.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(workspace.Directory, "mail", ".emailtriage", "learned-model.zip")));
    }

    [Fact]
    public async Task Learn_on_mail_under_one_label_says_what_to_file_and_exits_with_bad_configuration()
    {
        using var workspace = WithFiledMail(perLabel: 5, "Work");

        var run = await workspace.RunAsync("learn", "--mailbox", "mail");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("at least two labels", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(workspace.Directory, "mail", ".emailtriage", "learned-model.zip")));
    }

    [Fact]
    public async Task Triage_decides_new_mail_with_the_mailboxs_model_without_any_llm()
    {
        using var workspace = WithFiledMail(perLabel: 20).With("LEARNED_TARGET_PRECISION", "0");
        Assert.Equal(0, (await workspace.RunAsync("learn", "--mailbox", "mail")).ExitCode);
        AddNew(workspace, "new-1.eml", "Finance", 1);
        AddNew(workspace, "new-2.eml", "Work", 2);
        AddNew(workspace, "new-3.eml", "Personal", 3);

        var run = await workspace.RunAsync("triage", "--mailbox", "mail", "--json");

        Assert.Equal(0, run.ExitCode);
        var results = run.OutputLines.Select(l => JsonDocument.Parse(l).RootElement).ToDictionary(r => r.GetProperty("id").GetString()!, r => (r.GetProperty("label").GetString(), r.GetProperty("source").GetString()));
        Assert.Equal(("Finance", "learned"), results["new-1.eml"]);
        Assert.Equal(("Work", "learned"), results["new-2.eml"]);
        Assert.Equal(("Personal", "learned"), results["new-3.eml"]);
        Assert.Contains("by source: rule 0, learned 3", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_with_a_learned_split_runs_without_an_llm_and_reports_each_source_in_json()
    {
        using var workspace = WithFiledMail(perLabel: 20).With("LEARNED_TARGET_PRECISION", "0");

        var run = await workspace.RunAsync("eval", "--mailbox", "mail", "--learned-split", "0.7", "--json");

        Assert.Equal(0, run.ExitCode);
        var json = JsonDocument.Parse(run.Output).RootElement;
        Assert.Equal(42, json.GetProperty("learning").GetProperty("trainedOn").GetInt32());
        Assert.Equal(18, json.GetProperty("scores").GetProperty("messages").GetInt32());
        var learned = json.GetProperty("sources").GetProperty("learned");
        Assert.Equal(18, learned.GetProperty("count").GetInt32());
        Assert.True(learned.GetProperty("correct").GetInt32() >= 15, run.Output);
        Assert.Equal(0, json.GetProperty("scores").GetProperty("llmShare").GetDouble());
        Assert.StartsWith("static: the model as trained, learning nothing", json.GetProperty("learning").GetProperty("measured").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_without_an_llm_names_deferred_mail_undecided_not_wrong()
    {
        // The default target, and 8 held-out messages: too few to open the gate, so every message waits for an LLM that is not configured.
        using var workspace = WithFiledMail(perLabel: 20);

        var run = await workspace.RunAsync("eval", "--mailbox", "mail", "--learned-split", "0.7", "--json");

        Assert.Equal(0, run.ExitCode);
        var json = JsonDocument.Parse(run.Output).RootElement;
        var scores = json.GetProperty("scores");
        Assert.Equal((18, 0, 18), (scores.GetProperty("messages").GetInt32(), scores.GetProperty("decided").GetInt32(), scores.GetProperty("undecided").GetInt32()));
        Assert.Equal(JsonValueKind.Null, scores.GetProperty("accuracyWhereDecided").ValueKind);
        Assert.Equal((0.0, 0.0), (scores.GetProperty("coverage").GetDouble(), scores.GetProperty("accuracyOverAll").GetDouble()));
        Assert.Equal(JsonValueKind.Null, json.GetProperty("sources").GetProperty("deferred").GetProperty("accuracy").ValueKind);
        Assert.Empty(json.GetProperty("misclassified").EnumerateArray());

        // The model's best label is still measured on every message: the figure a newcomer compares models by.
        Assert.Equal(18, scores.GetProperty("guessed").GetInt32());
        Assert.True(scores.GetProperty("learnedAccuracyDecidingAll").GetDouble() >= 15.0 / 18, run.Output);
    }

    [Fact]
    public async Task Eval_replay_prints_the_learning_curve_and_the_report_draws_it()
    {
        using var workspace = WithFiledMail(perLabel: 20).With("LEARNED_TARGET_PRECISION", "0");

        var run = await workspace.RunAsync("eval", "--mailbox", "mail", "--replay", "--report", "report.html");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Learning curve: replay in date order after training on the oldest 42", run.Output, StringComparison.Ordinal);
        Assert.Contains("Per source", run.Output, StringComparison.Ordinal);
        Assert.Contains("Learned model, replay: each message decided in date order", run.Output, StringComparison.Ordinal);

        // Accuracy where decided and coverage are drawn apart, and the model deciding everything beside them.
        var report = File.ReadAllText(Path.Combine(workspace.Directory, "report.html"));
        Assert.Equal(3, report.Split("<polyline").Length - 1);
        Assert.Contains("coverage (share given a label)", report, StringComparison.Ordinal);
        Assert.Contains("accuracy where decided, messages 1-", report, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--learned-split", "1.5")]
    [InlineData("--learned-split", "0")]
    public async Task A_learned_split_outside_zero_to_one_is_a_command_line_error(string option, string value)
    {
        using var workspace = WithFiledMail(perLabel: 2);

        var run = await workspace.RunAsync("eval", "--mailbox", "mail", option, value);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--learned-split must be a share between 0 and 1", run.Error + run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_labels_drafts_a_label_file_that_learn_then_trains_for()
    {
        using var workspace = WithFiledMail(perLabel: 10);

        var written = await workspace.RunAsync("learn", "--mailbox", "mail", "--write-labels", "config/mine.json");
        var learned = await workspace.With("LABEL_CONFIG_FILE", "config/mine.json").RunAsync("learn", "--mailbox", "mail");

        Assert.Equal(0, written.ExitCode);
        var labels = JsonDocument.Parse(File.ReadAllText(Path.Combine(workspace.Directory, "config", "mine.json"))).RootElement.GetProperty("labels");
        Assert.Equal(["Finance", "Personal", "Work"], labels.EnumerateArray().Select(l => l.GetProperty("name").GetString()));
        Assert.Contains("mostly from billing.example (100 %)", labels[0].GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, learned.ExitCode);
        Assert.DoesNotContain("no examples yet", learned.Output, StringComparison.Ordinal);
    }
}
