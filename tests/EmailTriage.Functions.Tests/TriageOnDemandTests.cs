using System.Text.Json;
using EmailTriage.Functions.Tests.Support;
using EmailTriage.Testing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Time.Testing;

namespace EmailTriage.Functions.Tests;

public sealed class TriageOnDemandTests
{
    [Fact]
    public async Task Returns_per_message_results_and_the_summary()
    {
        await using var llm = await FakeLlmServer.StartAsync(TestContext.Current.CancellationToken);
        llm.Answer = _ => "Work";
        await using var workspace = (await FunctionsWorkspace.StartAsync(messages: 3)).WithLlm(llm.BaseUrl);

        var result = await workspace.Create<TriageOnDemand>().RunAsync(FunctionsWorkspace.Request("POST"), TestContext.Current.CancellationToken);

        var json = Json(Assert.IsType<OkObjectResult>(result));
        var results = json.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(3, results.Count);
        Assert.All(results, r =>
        {
            Assert.Equal("Work", r.GetProperty("label").GetString());
            Assert.Equal("llm", r.GetProperty("source").GetString());
            Assert.True(r.GetProperty("applied").GetBoolean());
            Assert.StartsWith("Colleague", r.GetProperty("from").GetString(), StringComparison.Ordinal);
        });
        Assert.Equal(3, json.GetProperty("summary").GetProperty("applied").GetInt32());
        Assert.Equal(3, workspace.Triaged);

        // One server decided everything: no per-server counts.
        Assert.False(json.GetProperty("summary").TryGetProperty("perProvider", out _));
    }

    [Fact]
    public async Task Counts_decisions_per_server_when_several_servers_answered()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var first = await FakeLlmServer.StartAsync(ct);
        await using var second = await FakeLlmServer.StartAsync(ct);
        first.Answer = second.Answer = _ => "Work";
        first.HoldAnswers();
        await using var workspace = (await FunctionsWorkspace.StartAsync(messages: 3)).WithLlm(first.BaseUrl)
            .With("LLM_BASE_URL", $"{first.BaseUrl},{second.BaseUrl}");

        // The first server keeps its one message until the second has answered the other two.
        var running = workspace.Create<TriageOnDemand>().RunAsync(FunctionsWorkspace.Request("POST"), ct);
        await first.WaitForRequestsAsync(1, ct);
        await second.WaitForRequestsAsync(2, ct);
        first.ReleaseAnswers();
        var json = Json(Assert.IsType<OkObjectResult>(await running));

        var perProvider = json.GetProperty("summary").GetProperty("perProvider");
        Assert.Equal(1, perProvider.GetProperty($"test-model@{first.BaseUrl.Authority}").GetInt32());
        Assert.Equal(2, perProvider.GetProperty($"test-model@{second.BaseUrl.Authority}").GetInt32());
        Assert.All(json.GetProperty("results").EnumerateArray(), r => Assert.StartsWith("test-model@", r.GetProperty("provider").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dry_run_from_the_body_changes_nothing()
    {
        await using var llm = await FakeLlmServer.StartAsync(TestContext.Current.CancellationToken);
        llm.Answer = _ => "Work";
        await using var workspace = (await FunctionsWorkspace.StartAsync(messages: 3)).WithLlm(llm.BaseUrl);

        var result = await workspace.Create<TriageOnDemand>().RunAsync(FunctionsWorkspace.Request("POST", "{\"dryRun\": true, \"max\": 2}"), TestContext.Current.CancellationToken);

        var json = Json(Assert.IsType<OkObjectResult>(result));
        Assert.Equal(2, json.GetProperty("results").GetArrayLength());
        Assert.True(json.GetProperty("summary").GetProperty("dryRun").GetBoolean());
        Assert.Equal(0, workspace.Triaged);
    }

    [Fact]
    public async Task A_query_parameter_narrows_the_gmail_search_for_that_run()
    {
        await using var llm = await FakeLlmServer.StartAsync(TestContext.Current.CancellationToken);
        llm.Answer = _ => "Work";
        await using var workspace = (await FunctionsWorkspace.StartAsync(messages: 2)).WithLlm(llm.BaseUrl);

        var result = await workspace.Create<TriageOnDemand>().RunAsync(FunctionsWorkspace.Request("POST", query: "?query=label%3Aurgent&dryRun=true"), TestContext.Current.CancellationToken);

        Assert.True(result is OkObjectResult, JsonSerializer.Serialize((result as ObjectResult)?.Value));
        var list = Assert.Single(workspace.Gmail.Requests, r => r.Call == FakeGmailCall.MessagesList);
        Assert.StartsWith("label:urgent", list.QueryValue("q"), StringComparison.Ordinal);
        Assert.Empty(Json((ObjectResult)result).GetProperty("results").EnumerateArray());
        Assert.Equal(0, workspace.Triaged);
    }

    [Fact]
    public async Task A_revoked_gmail_sign_in_gives_503_saying_to_sign_in_again()
    {
        await using var llm = await FakeLlmServer.StartAsync(TestContext.Current.CancellationToken);
        await using var workspace = (await FunctionsWorkspace.StartAsync(messages: 2)).WithLlm(llm.BaseUrl);
        workspace.Gmail.RevokeRefreshToken("1//refresh-token-for-tests");

        var result = await workspace.Create<TriageOnDemand>().RunAsync(FunctionsWorkspace.Request("POST"), TestContext.Current.CancellationToken);

        var error = Assert.IsType<ObjectResult>(result);
        Assert.Equal(503, error.StatusCode);
        Assert.StartsWith("Gmail sign-in expired or was revoked: run emailtriage auth gmail", Json(error).GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, llm.ChatRequestCount);
    }

    [Fact]
    public async Task Stops_taking_messages_when_the_http_budget_is_spent_and_returns_what_it_did()
    {
        await using var llm = await FakeLlmServer.StartAsync(TestContext.Current.CancellationToken);
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-25T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        llm.Answer = _ =>
        {
            // Each classification "takes" 50 s of the 150 s budget.
            clock.Advance(TimeSpan.FromSeconds(50));
            return "Work";
        };
        await using var workspace = (await FunctionsWorkspace.StartAsync(messages: 5)).WithLlm(llm.BaseUrl);
        workspace.Time = clock;

        var result = await workspace.Create<TriageOnDemand>().RunAsync(FunctionsWorkspace.Request("POST"), TestContext.Current.CancellationToken);

        var json = Json(Assert.IsType<OkObjectResult>(result));
        Assert.Equal(3, json.GetProperty("results").GetArrayLength());
        Assert.Equal(2, json.GetProperty("summary").GetProperty("notStarted").GetInt32());
        Assert.Equal(3, workspace.Triaged);
    }

    [Fact]
    public async Task An_invalid_host_setting_is_named_in_the_answer()
    {
        await using var workspace = (await FunctionsWorkspace.StartAsync(messages: 1)).With("TRIAGE_HTTP_MAX", "0");

        var result = await workspace.Create<TriageOnDemand>().RunAsync(FunctionsWorkspace.Request("POST"), TestContext.Current.CancellationToken);

        var error = Assert.IsType<ObjectResult>(result);
        Assert.Equal(500, error.StatusCode);
        Assert.Contains("TRIAGE_HTTP_MAX", Json(error).GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "?max=abc", "max")]
    [InlineData(null, "?max=0", "max")]
    [InlineData(null, "?dryRun=maybe", "dryRun")]
    [InlineData(null, "?limit=5", "limit")]
    [InlineData("{\"max\": ", null, "JSON")]
    [InlineData("[1, 2]", null, "JSON object")]
    public async Task Bad_parameters_get_400_naming_the_parameter(string? body, string? query, string named)
    {
        await using var workspace = await FunctionsWorkspace.StartAsync(messages: 2);

        var result = await workspace.Create<TriageOnDemand>().RunAsync(FunctionsWorkspace.Request("POST", body, query), TestContext.Current.CancellationToken);

        var error = Assert.IsType<ObjectResult>(result);
        Assert.Equal(400, error.StatusCode);
        Assert.Contains(named, Json(error).GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, workspace.Triaged);
    }

    [Fact]
    public async Task An_unreachable_llm_gives_503_with_the_cli_message_and_leaves_mail_untouched()
    {
        var port = FakeLlmServer.GetUnusedPort();
        await using var workspace = (await FunctionsWorkspace.StartAsync(messages: 3)).WithLlm(new Uri($"http://127.0.0.1:{port}/v1"));

        var result = await workspace.Create<TriageOnDemand>().RunAsync(FunctionsWorkspace.Request("POST"), TestContext.Current.CancellationToken);

        var error = Assert.IsType<ObjectResult>(result);
        Assert.Equal(503, error.StatusCode);
        Assert.StartsWith($"Cannot connect to LLM API at http://127.0.0.1:{port}/v1", Json(error).GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, workspace.Triaged);
    }

    [Fact]
    public async Task A_model_the_server_does_not_have_is_misconfiguration_500_with_what_it_did()
    {
        await using var llm = await FakeLlmServer.StartAsync(TestContext.Current.CancellationToken);
        llm.Models.Add("llama-3.2-3b");
        await using var workspace = (await FunctionsWorkspace.StartAsync(messages: 3)).WithLlm(llm.BaseUrl).With("LLM_MODEL", "gpt-9");

        var result = await workspace.Create<TriageOnDemand>().RunAsync(FunctionsWorkspace.Request("POST"), TestContext.Current.CancellationToken);

        var error = Assert.IsType<ObjectResult>(result);
        Assert.Equal(500, error.StatusCode);
        var json = Json(error);
        Assert.StartsWith("Model not found", json.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, json.GetProperty("summary").GetProperty("applied").GetInt32());
        Assert.Equal(0, workspace.Triaged);
    }

    private static JsonElement Json(ObjectResult result) => JsonDocument.Parse(JsonSerializer.Serialize(result.Value)).RootElement;
}
