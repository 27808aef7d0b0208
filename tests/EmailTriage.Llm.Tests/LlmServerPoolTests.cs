using EmailTriage.Llm;
using System.Text.RegularExpressions;
using EmailTriage.Classification;
using EmailTriage.Core.Tests.Support;
using EmailTriage.Testing;

namespace EmailTriage.Llm.Tests;

/// <summary>Several equivalent servers in LLM_BASE_URL, through the real runner and SDK against loopback servers.</summary>
public sealed partial class LlmServerPoolTests : IAsyncLifetime
{
    private readonly List<FakeLlmServer> _servers = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }
    }

    private async Task<FakeLlmServer> StartAsync(Action<FakeLlmServer>? configure = null)
    {
        var server = await FakeLlmServer.StartAsync(Ct);
        server.Answer = _ => "Work";
        configure?.Invoke(server);
        _servers.Add(server);
        return server;
    }

    private static string Name(Uri baseUrl) => $"test-model@{baseUrl.Authority}";

    private static TriageHarness Harness(int perServer, params Uri[] servers) => Harness(perServer, retries: 0, servers);

    private static TriageHarness Harness(int perServer, int retries, params Uri[] servers) =>
        new(null, new Dictionary<string, string?>
        {
            ["LLM_BASE_URL"] = string.Join(",", servers.Select(s => s.ToString())),
            ["LLM_MAX_CONCURRENCY"] = perServer.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["LLM_MAX_RETRIES"] = retries.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

    [GeneratedRegex(@"Plain message (\d+)")]
    private static partial Regex MessageNumber();

    // The message's own prompt is the first user turn; a correction adds another after the answer.
    private static int NumberOf(FakeLlmRequest request) =>
        int.Parse(MessageNumber().Match(request.Messages.First(m => m.Role == "user").Content).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Every_message_is_decided_once_when_one_server_is_down_one_dies_and_one_is_slow()
    {
        var down = LlmSetup.Unreachable();
        var dying = await StartAsync(s => s.Latency = TimeSpan.FromMilliseconds(60));
        var slow = await StartAsync(s => s.Latency = TimeSpan.FromMilliseconds(120));

        // Every fifth message first gets an answer off the list, so it takes a corrective turn.
        foreach (var server in new[] { dying, slow })
        {
            server.Answer = r => r.Messages.Any(m => m.Role == "assistant") || NumberOf(r) % 5 != 0 ? "Work" : "Banana";
        }

        using var harness = Harness(2, down, dying.BaseUrl, slow.BaseUrl);
        harness.AddPlain(30);
        // From its sixth request on it answers nothing more: it dies with those in flight.
        dying.HoldAnswers(fromRequest: 6);
        var kill = Task.Run(async () =>
        {
            await dying.WaitForRequestsAsync(6, Ct);
            await dying.DisposeAsync();
        }, Ct);

        var summary = await harness.RunAsync();
        await kill;

        Assert.Equal((30, 30, 0), (summary.Applied, summary.PerSource[DecisionSource.Llm], summary.FailureCount));
        Assert.Null(summary.StopFailure);
        var answered = dying.AnsweredRequests.Concat(slow.AnsweredRequests).ToList();
        Assert.Equal(30 + 6, answered.Count);

        // Each question was answered by exactly one server: first turns once per message, corrections once per corrected message.
        var firstTurns = answered.Where(r => r.Messages.All(m => m.Role != "assistant")).Select(NumberOf).Order().ToList();
        Assert.Equal(Enumerable.Range(1, 30), firstTurns);
        var corrections = answered.Where(r => r.Messages.Any(m => m.Role == "assistant")).Select(NumberOf).Order().ToList();
        Assert.Equal([5, 10, 15, 20, 25, 30], corrections);
        Assert.InRange(dying.MaxConcurrencySeen, 0, 2);
        Assert.InRange(slow.MaxConcurrencySeen, 1, 2);
        Assert.Equal(30, summary.PerProvider.Values.Sum());
        Assert.All(summary.PerProvider.Keys, k => Assert.Contains(k, new[] { Name(dying.BaseUrl), Name(slow.BaseUrl) }));
        Assert.True(slow.AnsweredRequests.Count > 0);

        // It died with a request in flight (the sixth had just arrived): that one was asked again elsewhere.
        Assert.True(dying.ChatRequestCount > dying.AnsweredRequests.Count);
    }

    [Fact]
    public async Task Requests_go_to_the_least_busy_server_taking_turns_among_equals()
    {
        var a = await StartAsync();
        var b = await StartAsync();
        var c = await StartAsync();
        foreach (var server in new[] { a, b, c })
        {
            server.HoldAnswers();
        }

        using var harness = Harness(2, a.BaseUrl, b.BaseUrl, c.BaseUrl);
        harness.AddPlain(4);
        var run = harness.RunAsync();

        // Three idle servers take one each; the fourth goes to the first again rather than filling one server's slots.
        await Task.WhenAll(a.WaitForRequestsAsync(2, Ct), b.WaitForRequestsAsync(1, Ct), c.WaitForRequestsAsync(1, Ct));
        Assert.Equal((2, 1, 1), (a.ChatRequestCount, b.ChatRequestCount, c.ChatRequestCount));
        foreach (var server in new[] { a, b, c })
        {
            server.ReleaseAnswers();
        }

        var summary = await run;
        Assert.Equal(4, summary.Applied);
        Assert.Equal(2, summary.PerProvider[Name(a.BaseUrl)]);
        Assert.Equal(1, summary.PerProvider[Name(b.BaseUrl)]);
        Assert.Equal(1, summary.PerProvider[Name(c.BaseUrl)]);
    }

    [Fact]
    public async Task Every_server_slot_is_used_and_no_server_gets_more_than_its_limit()
    {
        var a = await StartAsync(s => s.Latency = TimeSpan.FromMilliseconds(10));
        var b = await StartAsync(s => s.Latency = TimeSpan.FromMilliseconds(10));
        a.HoldAnswers();
        b.HoldAnswers();

        using var harness = Harness(2, a.BaseUrl, b.BaseUrl);
        harness.AddPlain(12);
        var run = harness.RunAsync();

        // The runner keeps both servers' two slots busy at once; none takes a third while its two are out.
        await Task.WhenAll(a.WaitForRequestsAsync(2, Ct), b.WaitForRequestsAsync(2, Ct));
        Assert.Equal((2, 2), (a.ChatRequestCount, b.ChatRequestCount));
        a.ReleaseAnswers();
        b.ReleaseAnswers();

        var summary = await run;
        Assert.Equal(12, summary.Applied);
        Assert.Equal(12, a.AnsweredRequests.Count + b.AnsweredRequests.Count);
        Assert.InRange(a.MaxConcurrencySeen, 1, 2);
        Assert.InRange(b.MaxConcurrencySeen, 1, 2);
    }

    [Fact]
    public async Task A_server_that_answered_is_not_asked_the_same_question_elsewhere()
    {
        var garbled = await StartAsync(s => s.PersistentFault = new FakeLlmFault.Garbage());
        var healthy = await StartAsync();
        using var harness = Harness(1, garbled.BaseUrl, healthy.BaseUrl);
        harness.AddPlain(1);

        var summary = await harness.RunAsync();

        // The first server answered (with something unreadable): the message waits rather than being paid for twice.
        Assert.Equal(1, summary.FailureCount);
        Assert.Equal(1, garbled.ChatRequestCount);
        Assert.Equal(0, healthy.ChatRequestCount);
    }

    [Fact]
    public async Task A_server_error_moves_the_request_to_another_server_at_once()
    {
        var failing = await StartAsync(s => s.PersistentFault = new FakeLlmFault.ServerError());
        var healthy = await StartAsync();
        using var harness = Harness(1, failing.BaseUrl, healthy.BaseUrl);
        harness.AddPlain(5);

        var summary = await harness.RunAsync();

        Assert.Equal((5, 0), (summary.Applied, summary.FailureCount));

        // It rests after its one failure: every later message goes to the healthy one.
        Assert.Equal(1, failing.ChatRequestCount);
        Assert.Equal(5, healthy.AnsweredRequests.Count);
        Assert.Equal(5, summary.PerProvider[Name(healthy.BaseUrl)]);
        Assert.Equal(6, summary.Usage.Calls);
    }

    [Fact]
    public async Task A_dropped_connection_is_not_retried_on_that_server_when_another_can_take_the_request()
    {
        var dropping = await StartAsync(s => s.PersistentFault = new FakeLlmFault.Disconnect());
        var healthy = await StartAsync();
        using var harness = Harness(1, retries: 3, dropping.BaseUrl, healthy.BaseUrl);
        harness.AddPlain(1);

        var summary = await harness.RunAsync();

        Assert.Equal(1, summary.Applied);
        Assert.Equal(1, dropping.ChatRequestCount);
        Assert.Single(healthy.AnsweredRequests);
    }

    [Fact]
    public async Task A_server_error_is_still_retried_on_that_server_as_LLM_MAX_RETRIES_says()
    {
        var failing = await StartAsync(s => s.PersistentFault = new FakeLlmFault.ServerError());
        var healthy = await StartAsync();
        using var harness = Harness(1, retries: 1, failing.BaseUrl, healthy.BaseUrl);
        harness.AddPlain(1);

        var summary = await harness.RunAsync();

        Assert.Equal(1, summary.Applied);
        Assert.Equal(2, failing.ChatRequestCount);
        Assert.Single(healthy.AnsweredRequests);
    }

    [Fact]
    public async Task A_server_that_refuses_our_key_rests_while_the_others_work()
    {
        var refusing = await StartAsync(s => s.RequiredApiKey = "theirs");
        var healthy = await StartAsync();
        using var harness = Harness(1, refusing.BaseUrl, healthy.BaseUrl);
        harness.AddPlain(4);

        var summary = await harness.RunAsync();

        Assert.Equal((4, 0), (summary.Applied, summary.FailureCount));
        Assert.Null(summary.StopFailure);
        Assert.Equal(1, refusing.ChatRequestCount);
        Assert.Equal(4, healthy.AnsweredRequests.Count);
    }

    [Fact]
    public async Task When_every_server_refuses_the_run_stops_with_the_refusal()
    {
        var first = await StartAsync(s => s.RequiredApiKey = "theirs");
        var second = await StartAsync(s => s.RequiredApiKey = "theirs");
        using var harness = Harness(1, first.BaseUrl, second.BaseUrl);
        harness.AddPlain(4);

        var summary = await harness.RunAsync();

        Assert.Equal(LlmFailure.AuthenticationFailed, summary.StopFailure);
        Assert.StartsWith("Authentication failed", summary.StoppedBecause, StringComparison.Ordinal);
        Assert.Equal(0, summary.Applied);
        Assert.Equal((1, 1), (first.ChatRequestCount, second.ChatRequestCount));
    }

    [Fact]
    public async Task When_every_server_is_down_the_run_stops_as_with_one_server()
    {
        using var harness = Harness(1, LlmSetup.Unreachable(), LlmSetup.Unreachable());
        harness.AddPlain(3);

        var summary = await harness.RunAsync();

        Assert.Equal(LlmFailure.Unreachable, summary.StopFailure);
        Assert.StartsWith("Cannot connect to LLM API", summary.StoppedBecause, StringComparison.Ordinal);
        Assert.Equal(0, summary.Applied);
    }
}
