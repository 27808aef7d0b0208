using System.Collections.Concurrent;
using System.Text;
using EmailTriage.Classification;
using EmailTriage.Core.Tests.Support;
using EmailTriage.Mailboxes;
using EmailTriage.Testing;
using EmailTriage.Triage;

namespace EmailTriage.Core.Tests.Triage;

/// <summary>The runner as the CLI builds it, over a real folder of mail and the real SDK against the loopback fake.</summary>
public sealed class TriageRunnerTests : IAsyncLifetime
{
    private static readonly string[] ConfiguredNames = ["Work", "Finance", "Newsletters", "Review"];

    private FakeLlmServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await FakeLlmServer.StartAsync(Ct);
        _server.Answer = request => request.User.Contains("Invoice", StringComparison.Ordinal) ? "Finance" : "Work";
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private TriageHarness Harness(params (string Key, string? Value)[] settings) =>
        new(_server.BaseUrl, settings.ToDictionary(s => s.Key, s => s.Value));

    private static Eml BankStatement(int n) => new() { From = "Lakeside Bank <statements@bank.example>", Subject = $"Statement {n}" };

    private static Eml ListPost(int n) => new() { From = "digest@lists.example.net", Subject = $"Digest {n}", Headers = ["List-Id: News <news.example.org>"] };

    /// <summary>What must hold after any run, however it ended: only configured labels, each message at most once.</summary>
    private static void AssertRecordIsClean(TriageHarness harness)
    {
        var record = harness.Record();
        Assert.All(record, r => Assert.Contains(r.Label, ConfiguredNames));
        Assert.Equal(record.Count, record.Select(r => r.Id).Distinct().Count());
        Assert.All(record, r => Assert.True(File.Exists(Path.Combine(harness.Inbox, r.Id.Split('#')[0])), r.Id));
    }

    [Fact]
    public async Task Labels_are_applied_and_recorded()
    {
        using var harness = Harness();
        harness.AddPlain(2);
        harness.Add("03-invoice.eml", new Eml { Subject = "Invoice 2211", Body = "Amount due: 12 EUR." });

        var summary = await harness.RunAsync();

        Assert.Equal((3, 3, 3, 0), (summary.Candidates, summary.Classified, summary.Applied, summary.FailureCount));
        Assert.Equal(2, summary.PerLabel["Work"]);
        Assert.Equal(1, summary.PerLabel["Finance"]);
        Assert.Equal(3, summary.PerSource[DecisionSource.Llm]);
        Assert.Equal(3, summary.Usage.Calls);
        Assert.Null(summary.StopFailure);
        Assert.Equal(
            [("01-plain.eml", "Work", "llm"), ("02-plain.eml", "Work", "llm"), ("03-invoice.eml", "Finance", "llm")],
            harness.Record().Select(r => (r.Id, r.Label, r.Source)).Order());
        AssertRecordIsClean(harness);
    }

    [Fact]
    public async Task Second_run_finds_nothing_and_asks_the_llm_nothing()
    {
        using var harness = Harness();
        harness.AddPlain(3);
        await harness.RunAsync();
        var requests = _server.ChatRequestCount;

        var second = await harness.RunAsync();

        Assert.Equal(0, second.Candidates);
        Assert.Equal(0, second.Classified);
        Assert.Equal(requests, _server.ChatRequestCount);
        Assert.Equal(3, harness.Record().Count);
    }

    [Fact]
    public async Task Dry_run_classifies_but_records_nothing()
    {
        using var harness = Harness();
        harness.AddPlain(2);
        harness.Add("03-bank.eml", BankStatement(1));
        var results = new ConcurrentBag<MessageResult>();

        var summary = await harness.RunAsync(new TriageRequest { DryRun = true, OnResult = o => results.Add(MessageResult.Of(o)) });

        Assert.True(summary.DryRun);
        Assert.Equal((3, 0, 0), (summary.Classified, summary.Applied, summary.FailureCount));
        Assert.Equal(2, summary.PerLabel["Work"]);
        Assert.Equal(1, summary.PerLabel["Finance"]);
        Assert.Equal(3, results.Count);
        Assert.All(results, r => Assert.False(r.Applied));
        Assert.False(Directory.Exists(Path.Combine(harness.Inbox, ".emailtriage")));
    }

    [Fact]
    public async Task Max_limits_the_messages_taken_and_the_rest_wait()
    {
        using var harness = Harness();
        harness.AddPlain(5);

        var first = await harness.RunAsync(new TriageRequest { Max = 2 });

        Assert.Equal(2, first.Candidates);
        Assert.Equal(2, _server.ChatRequestCount);
        Assert.Equal(["01-plain.eml", "02-plain.eml"], harness.Record().Select(r => r.Id).Order());

        var second = await harness.RunAsync();

        Assert.Equal(3, second.Candidates);
        Assert.Equal(5, harness.Record().Count);
    }

    [Fact]
    public async Task Rules_decide_without_llm_calls()
    {
        using var harness = Harness();
        harness.Add("01-bank.eml", BankStatement(1));
        harness.Add("02-list.eml", ListPost(1));

        var summary = await harness.RunAsync();

        Assert.Equal(0, _server.ChatRequestCount);
        Assert.Equal(2, summary.PerSource[DecisionSource.Rule]);
        var record = harness.Record().OrderBy(r => r.Id).ToList();
        Assert.Equal([("01-bank.eml", "Finance", "rule", null), ("02-list.eml", "Newsletters", "rule", "archive")], record.Select(r => (r.Id, r.Label, r.Source, r.Action)));
        Assert.StartsWith("rule: ", record[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_llm_rules_still_label_and_the_rest_is_left_untouched()
    {
        using var harness = new TriageHarness(llmBaseUrl: null);
        harness.AddPlain(3);
        harness.Add("10-bank.eml", BankStatement(1));
        harness.Add("11-list.eml", ListPost(1));

        var summary = await harness.RunAsync();

        Assert.Equal(5, summary.Candidates);
        Assert.Equal(2, summary.Applied);
        Assert.Equal(3, summary.LeftForLlm);
        Assert.Equal(0, summary.FailureCount);
        Assert.Null(summary.StopFailure);
        Assert.Equal(["10-bank.eml", "11-list.eml"], harness.Record().Select(r => r.Id).Order());
        Assert.Equal(0, _server.ChatRequestCount);
    }

    [Fact]
    public async Task At_most_the_configured_number_of_requests_are_in_flight()
    {
        using var harness = Harness(("LLM_MAX_CONCURRENCY", "3"));
        harness.AddPlain(12);
        _server.HoldAnswers();

        var run = harness.RunAsync();
        // A run that ends before sending 3 request(s) fails here instead of leaving the wait hanging.
        Assert.False((await Task.WhenAny(run, _server.WaitForRequestsAsync(3, Ct))) == run, "the run ended before 3 request(s) were in flight");
        var inFlightWhileHeld = _server.ChatRequestCount;
        _server.ReleaseAnswers();
        var summary = await run;

        Assert.Equal(3, inFlightWhileHeld);
        Assert.Equal(12, summary.Applied);
        Assert.Equal(12, _server.ChatRequestCount);
        Assert.InRange(_server.MaxConcurrencySeen, 1, 3);
    }

    [Fact]
    public async Task Local_server_gets_one_request_at_a_time_by_default()
    {
        using var harness = Harness();
        harness.AddPlain(4);
        _server.HoldAnswers();

        var run = harness.RunAsync();
        // A run that ends before sending 1 request(s) fails here instead of leaving the wait hanging.
        Assert.False((await Task.WhenAny(run, _server.WaitForRequestsAsync(1, Ct))) == run, "the run ended before 1 request(s) were in flight");
        var inFlightWhileHeld = _server.ChatRequestCount;
        _server.ReleaseAnswers();
        await run;

        Assert.Equal(1, inFlightWhileHeld);
        Assert.Equal(4, _server.ChatRequestCount);
        Assert.Equal(1, _server.MaxConcurrencySeen);
    }

    [Fact]
    public async Task Wrong_key_stops_asking_the_llm_and_the_rules_still_label()
    {
        _server.RequiredApiKey = "right-key";
        using var harness = Harness(("LLM_API_KEY", "wrong-key"), ("LLM_MAX_CONCURRENCY", "3"));
        harness.Add("00-bank.eml", BankStatement(1));
        harness.AddPlain(10);

        var summary = await harness.RunAsync();

        Assert.Equal(LlmFailure.AuthenticationFailed, summary.StopFailure);
        Assert.StartsWith("Authentication failed", summary.StoppedBecause, StringComparison.Ordinal);
        Assert.InRange(_server.ChatRequestCount, 1, 3);

        // Every message is accounted for: the rule's label applied, the rest left for the next run, none untouched.
        Assert.Equal(0, summary.NotStarted);
        Assert.Equal(summary.Candidates, summary.Classified + summary.LeftForLlm);
        Assert.Equal(summary.Candidates - harness.Record().Count, summary.LeftForLlm + summary.FailureCount);
        Assert.Equal("00-bank.eml", Assert.Single(harness.Record()).Id);

        // The refused call is counted; calls still in flight when the run stopped were abandoned, not answered.
        Assert.InRange(summary.Usage.Calls, 1, _server.ChatRequestCount);
        Assert.All(harness.Record(), r => Assert.Equal("rule", r.Source));
        AssertRecordIsClean(harness);
    }

    [Fact]
    public async Task Refused_connection_stops_asking_the_llm_and_a_rule_later_in_the_mailbox_still_labels()
    {
        using var harness = new TriageHarness(LlmSetup.Unreachable(), new Dictionary<string, string?> { ["LLM_MAX_CONCURRENCY"] = "2" });
        harness.AddPlain(8);
        harness.Add("09-bank.eml", BankStatement(1));

        var summary = await harness.RunAsync();

        Assert.Equal(LlmFailure.Unreachable, summary.StopFailure);
        Assert.StartsWith("Cannot connect to LLM API at http://127.0.0.1:", summary.StoppedBecause, StringComparison.Ordinal);
        Assert.Equal(8, summary.LeftForLlm);
        Assert.Equal(0, summary.NotStarted);
        Assert.Equal(summary.Candidates, summary.Classified + summary.LeftForLlm);

        // The free work is never held hostage: the statement listed after every message the LLM could not take is labelled.
        Assert.Equal(("09-bank.eml", "rule"), (Assert.Single(harness.Record()).Id, Assert.Single(harness.Record()).Source));
        AssertRecordIsClean(harness);
    }

    [Fact]
    public async Task Persistent_rate_limit_stops_the_run_early()
    {
        _server.PersistentFault = new FakeLlmFault.RateLimited(1);
        using var harness = Harness(("LLM_MAX_CONCURRENCY", "2"));
        harness.Add("00-list.eml", ListPost(1));
        harness.AddPlain(10);

        var summary = await harness.RunAsync();

        Assert.Equal(LlmFailure.RateLimited, summary.StopFailure);
        Assert.StartsWith("Rate limit exceeded", summary.StoppedBecause, StringComparison.Ordinal);
        Assert.InRange(_server.ChatRequestCount, 1, 2);
        Assert.All(harness.Record(), r => Assert.Equal("rule", r.Source));
        AssertRecordIsClean(harness);
    }

    [Fact]
    public async Task Unknown_model_stops_the_run_with_the_models_on_offer()
    {
        using var harness = Harness(("LLM_MODEL", "no-such-model"));
        harness.AddPlain(4);

        var summary = await harness.RunAsync();

        Assert.Equal(LlmFailure.ModelNotFound, summary.StopFailure);
        Assert.Contains("test-model", summary.StoppedBecause, StringComparison.Ordinal);
        Assert.Equal(1, _server.ChatRequestCount);
        Assert.Empty(harness.Record());
    }

    [Fact]
    public async Task Persistent_server_error_stops_after_three_failures_in_a_row()
    {
        _server.PersistentFault = new FakeLlmFault.ServerError();
        using var harness = Harness();
        harness.AddPlain(8);

        var summary = await harness.RunAsync();

        Assert.Equal(3, _server.ChatRequestCount);
        Assert.Equal(LlmFailure.ServerError, summary.StopFailure);
        Assert.Equal(2, summary.FailureCount);
        Assert.All(summary.Failures, f => Assert.StartsWith("LLM server error", f.Reason, StringComparison.Ordinal));
        Assert.Equal((6, 0), (summary.LeftForLlm, summary.NotStarted));
        Assert.Empty(harness.Record());
    }

    [Fact]
    public async Task Single_server_error_leaves_only_that_message_for_the_next_run()
    {
        _server.EnqueueFault(new FakeLlmFault.ServerError());
        using var harness = Harness();
        harness.AddPlain(3);

        var summary = await harness.RunAsync();

        Assert.Null(summary.StopFailure);
        Assert.Equal(1, summary.FailureCount);
        Assert.Equal("01-plain.eml", Assert.Single(summary.Failures).Id);
        Assert.Equal(["02-plain.eml", "03-plain.eml"], harness.Record().Select(r => r.Id).Order());
        AssertRecordIsClean(harness);

        var retry = await harness.RunAsync();

        Assert.Equal(1, retry.Applied);
        Assert.Equal(3, harness.Record().Count);
    }

    [Fact]
    public async Task Off_list_answer_gives_the_fallback_label()
    {
        _server.Answer = _ => "Spam";
        using var harness = Harness();
        harness.AddPlain(2);

        var summary = await harness.RunAsync();

        Assert.Equal(4, _server.ChatRequestCount);
        Assert.Equal(2, summary.PerSource[DecisionSource.Fallback]);
        Assert.Equal(2, summary.PerLabel["Review"]);
        Assert.All(harness.Record(), r =>
        {
            Assert.Equal(("Review", "fallback"), (r.Label, r.Source));
            Assert.StartsWith("Invalid label returned by LLM", r.Reason, StringComparison.Ordinal);
        });
        Assert.Equal(2, harness.Record().Count);
    }

    [Fact]
    public async Task Empty_eml_gets_the_fallback_without_asking_the_llm()
    {
        using var harness = Harness();
        harness.Add("00-empty.eml", []);
        harness.AddPlain(1);

        await harness.RunAsync();

        Assert.Equal(1, _server.ChatRequestCount);
        var empty = Assert.Single(harness.Record(), r => r.Id == "00-empty.eml");
        Assert.Equal(("Review", "fallback"), (empty.Label, empty.Source));
        Assert.Equal("message could not be read: the message is empty", empty.Reason);
        AssertRecordIsClean(harness);
    }

    [Fact]
    public async Task Hand_written_record_line_is_never_overwritten()
    {
        using var harness = Harness();
        harness.AddPlain(3);
        const string mine = """{"id":"02-plain.eml","label":"Finance","source":"me"}""";
        Directory.CreateDirectory(Path.GetDirectoryName(harness.RecordPath)!);
        await File.WriteAllTextAsync(harness.RecordPath, mine, Ct);

        await harness.RunAsync();

        Assert.Equal(2, _server.ChatRequestCount);
        var lines = await File.ReadAllLinesAsync(harness.RecordPath, Ct);
        Assert.Equal(mine, lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.Equal(("Finance", "me"), harness.Record().Where(r => r.Id == "02-plain.eml").Select(r => (r.Label, r.Source)).Single());
        AssertRecordIsClean(harness);
    }

    [Fact]
    public async Task Mbox_file_is_split_and_each_message_triaged()
    {
        using var harness = Harness();
        var mbox = new StringBuilder();
        foreach (var eml in new[] { BankStatement(1), new Eml { Subject = "Invoice 7" }, new Eml { Subject = "Standup notes" } })
        {
            mbox.Append("From sender@example.com Mon Nov  2 10:00:00 2026\r\n").Append(eml);
        }

        var path = harness.Add("takeout.mbox", Encoding.UTF8.GetBytes(mbox.ToString()));

        var summary = await harness.RunAsync();

        Assert.Equal(3, summary.Applied);
        Assert.Equal(2, _server.ChatRequestCount);
        var order = MboxMessageIds.Scan(path, "takeout.mbox").Select(m => m.Id).ToList();
        var record = harness.Record().OrderBy(r => order.IndexOf(r.Id)).ToList();
        Assert.Equal(order.Order(StringComparer.Ordinal), record.Select(r => r.Id).Order(StringComparer.Ordinal));
        Assert.All(record, r => Assert.StartsWith("takeout.mbox#", r.Id, StringComparison.Ordinal));
        Assert.Equal([("Finance", "rule"), ("Finance", "llm"), ("Work", "llm")], record.Select(r => (r.Label, r.Source)));
        AssertRecordIsClean(harness);
    }

    [Fact]
    public async Task Deadline_already_passed_starts_nothing()
    {
        using var harness = Harness();
        harness.AddPlain(3);

        var summary = await harness.RunAsync(new TriageRequest { StopTakingNewAt = DateTimeOffset.UtcNow.AddMinutes(-1) });

        Assert.Equal(3, summary.Candidates);
        Assert.Equal(3, summary.NotStarted);
        Assert.Equal(0, summary.Classified);
        Assert.Equal(0, _server.ChatRequestCount);
        Assert.Empty(harness.Record());
    }

    [Fact]
    public async Task Every_message_is_reported_once_with_progress()
    {
        using var harness = Harness(("LLM_MAX_CONCURRENCY", "2"));
        harness.AddPlain(4);
        harness.Add("05-bank.eml", BankStatement(1));
        var results = new ConcurrentBag<MessageResult>();
        var progress = new Collecting<TriageProgress>();

        await harness.RunAsync(new TriageRequest { OnResult = o => results.Add(MessageResult.Of(o)), Progress = progress });

        Assert.Equal(5, results.Select(r => r.Id).Distinct().Count());
        Assert.All(results, r => Assert.True(r.Applied));
        Assert.Equal(5, progress.Reports.Count);
        Assert.All(progress.Reports, p => Assert.Equal(5, p.Total));
        Assert.Equal(5, progress.Reports.Max(p => p.Done));
    }

    [Fact]
    public async Task Cancelled_run_still_records_what_was_decided()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        _server.Answer = _ =>
        {
            // The third request cancels the run, as Ctrl+C would while it is in flight.
            if (_server.ChatRequestCount == 3)
            {
                cancel.Cancel();
            }

            return "Work";
        };
        using var harness = Harness();
        harness.AddPlain(6);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => harness.Runner.RunAsync(harness.Mailbox(), new TriageRequest(), cancel.Token));

        var ids = harness.Record().Select(r => r.Id).Order().ToList();
        Assert.Contains("01-plain.eml", ids);
        Assert.Contains("02-plain.eml", ids);
        Assert.True(ids.Count <= 3, string.Join(", ", ids));
        AssertRecordIsClean(harness);
    }

    [Fact]
    public async Task Broken_label_file_fails_before_any_mail_is_touched()
    {
        using var harness = new TriageHarness(_server.BaseUrl, labelsJson: "{ \"labels\": [ ");
        harness.AddPlain(1);

        await Assert.ThrowsAsync<EmailTriage.Labels.LabelConfigException>(() => harness.RunAsync());

        Assert.Equal(0, _server.ChatRequestCount);
        Assert.Empty(harness.Record());
    }

    /// <summary>Records synchronously; <see cref="Progress{T}"/> would post to the thread pool and race the assertions.</summary>
    private sealed class Collecting<T> : IProgress<T>
    {
        private readonly ConcurrentQueue<T> _reports = new();

        public IReadOnlyCollection<T> Reports => _reports;

        public void Report(T value) => _reports.Enqueue(value);
    }
}
