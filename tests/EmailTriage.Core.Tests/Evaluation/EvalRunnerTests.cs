using EmailTriage.Configuration;
using EmailTriage.Core.Tests.Support;
using EmailTriage.Evaluation;
using EmailTriage.Testing;

namespace EmailTriage.Core.Tests.Evaluation;

/// <summary>The evaluator over a real truth folder, the real runner and the real SDK against the loopback fake.</summary>
public sealed class EvalRunnerTests : IAsyncLifetime
{
    private FakeLlmServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await FakeLlmServer.StartAsync(Ct);

        // Right for everything but the "Lunch" message, which it files under Finance.
        _server.Answer = request => request.User.Contains("Subject: Invoice", StringComparison.Ordinal) || request.User.Contains("Subject: Lunch", StringComparison.Ordinal) ? "Finance" : "Work";
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private static void AddStandardSet(EvalHarness harness)
    {
        harness.Add("Work/01.eml", new Eml { Subject = "Budget" });
        harness.Add("Work/02.eml", new Eml { Subject = "Lunch" });
        harness.Add("Finance/03.eml", new Eml { Subject = "Invoice 7" });
        harness.Add("Finance/04.eml", new Eml { From = "Bank <statements@bank.example>", Subject = "Statement" });
    }

    [Fact]
    public async Task Every_message_gets_an_outcome_with_its_truth_and_answer()
    {
        using var harness = new EvalHarness(_server.BaseUrl);
        AddStandardSet(harness);

        var run = await harness.Runner.RunAsync(await harness.LoadAsync(), null, Ct);

        Assert.False(run.Stopped);
        Assert.Equal(
            [("Finance/03.eml", "Finance", "Finance", "llm"), ("Finance/04.eml", "Finance", "Finance", "rule"), ("Work/01.eml", "Work", "Work", "llm"), ("Work/02.eml", "Work", "Finance", "llm")],
            run.Outcomes.Select(o => (o.Id, o.Truth, o.Answer, o.Source)));
        Assert.Equal("Lunch", run.Outcomes[3].Subject);
        Assert.Equal("test-model", run.Model);
        Assert.Equal(3, run.Summary.Usage.Calls);
    }

    [Fact]
    public async Task With_several_servers_the_result_counts_decisions_per_server()
    {
        await using var second = await FakeLlmServer.StartAsync(Ct);
        second.Answer = _server.Answer;
        _server.HoldAnswers();
        using var harness = new EvalHarness(_server.BaseUrl, ("LLM_BASE_URL", $"{_server.BaseUrl},{second.BaseUrl}"), ("LLM_MAX_CONCURRENCY", "1"));
        AddStandardSet(harness);

        // The first server keeps its one message until the second has answered the other two.
        var running = harness.Runner.RunAsync(await harness.LoadAsync(), null, Ct);
        await _server.WaitForRequestsAsync(1, Ct);
        await second.WaitForRequestsAsync(2, Ct);
        _server.ReleaseAnswers();
        var run = await running;

        var result = EvalResult.From(run, price: null);
        Assert.Equal(1, result.PerProvider[$"test-model@{_server.BaseUrl.Authority}"]);
        Assert.Equal(2, result.PerProvider[$"test-model@{second.BaseUrl.Authority}"]);
        Assert.Equal($"{LlmOptions.Redact(_server.BaseUrl)},{LlmOptions.Redact(second.BaseUrl)}", run.Endpoint);
    }

    [Fact]
    public async Task Each_llm_call_is_timed_and_rules_take_no_calls()
    {
        using var harness = new EvalHarness(_server.BaseUrl);
        AddStandardSet(harness);
        _server.Latency = TimeSpan.FromMilliseconds(50);

        var run = await harness.Runner.RunAsync(await harness.LoadAsync(), null, Ct);

        Assert.Empty(run.Outcomes.Single(o => o.Source == "rule").LlmCallDurations);
        Assert.All(run.Outcomes.Where(o => o.Source == "llm"), o => Assert.True(Assert.Single(o.LlmCallDurations) >= TimeSpan.FromMilliseconds(45)));
    }

    [Fact]
    public async Task A_fallback_after_a_corrective_turn_has_two_timed_calls()
    {
        using var harness = new EvalHarness(_server.BaseUrl);
        harness.Add("Work/01.eml", new Eml { Subject = "Budget" });
        _server.Answer = _ => "Urgent";

        var run = await harness.Runner.RunAsync(await harness.LoadAsync(), null, Ct);

        var outcome = Assert.Single(run.Outcomes);
        Assert.Equal(("Review", "fallback"), (outcome.Answer, outcome.Source));
        Assert.Equal(2, outcome.LlmCallDurations.Count);
    }

    [Fact]
    public async Task Nothing_is_written_anywhere_in_the_truth_folder()
    {
        using var harness = new EvalHarness(_server.BaseUrl);
        AddStandardSet(harness);
        var before = Directory.GetFileSystemEntries(harness.Truth, "*", SearchOption.AllDirectories).Order().ToList();

        await harness.Runner.RunAsync(await harness.LoadAsync(), null, Ct);

        Assert.Equal(before, Directory.GetFileSystemEntries(harness.Truth, "*", SearchOption.AllDirectories).Order());
    }

    [Fact]
    public async Task Concurrency_is_the_configured_llm_concurrency()
    {
        using var harness = new EvalHarness(_server.BaseUrl, ("LLM_MAX_CONCURRENCY", "3"));
        for (var i = 0; i < 12; i++)
        {
            harness.Add($"Work/{i:00}.eml", new Eml { Subject = $"Plan {i}" });
        }

        var set = await harness.LoadAsync();
        _server.HoldAnswers();

        var running = harness.Runner.RunAsync(set, null, Ct);
        // A run that ends before sending 3 request(s) fails here instead of leaving the wait hanging.
        Assert.False((await Task.WhenAny(running, _server.WaitForRequestsAsync(3, Ct))) == running, "the run ended before 3 request(s) were in flight");
        var inFlightWhileHeld = _server.ChatRequestCount;
        _server.ReleaseAnswers();
        var run = await running;

        Assert.Equal(3, inFlightWhileHeld);
        Assert.Equal(12, run.Outcomes.Count);
        Assert.Equal(12, _server.ChatRequestCount);
        Assert.InRange(_server.MaxConcurrencySeen, 1, 3);
    }

    [Fact]
    public async Task An_unreachable_llm_stops_the_run()
    {
        using var harness = new EvalHarness(LlmSetup.Unreachable());
        AddStandardSet(harness);

        var run = await harness.Runner.RunAsync(await harness.LoadAsync(), null, Ct);

        Assert.True(run.Stopped);
        Assert.Contains("Cannot connect", run.Summary.StoppedBecause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_an_llm_it_says_which_setting_is_missing()
    {
        using var harness = new EvalHarness(llmBaseUrl: null);
        AddStandardSet(harness);
        var set = await harness.LoadAsync();

        var error = await Assert.ThrowsAsync<SettingsException>(() => harness.Runner.RunAsync(set, null, Ct));

        Assert.Contains("LLM_BASE_URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truth_folder_outside_the_labels_is_refused_before_any_call()
    {
        using var harness = new EvalHarness(_server.BaseUrl);
        harness.Add("Holidays/01.eml", new Eml { Subject = "Beach" });
        var set = await harness.LoadAsync();

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => harness.Runner.RunAsync(set, null, Ct));

        Assert.Contains("'Holidays'", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _server.ChatRequestCount);
    }
}
