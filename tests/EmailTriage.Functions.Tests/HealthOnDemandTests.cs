using System.Text.Json;
using EmailTriage.Functions.Tests.Support;
using EmailTriage.Testing;
using Microsoft.AspNetCore.Mvc;

namespace EmailTriage.Functions.Tests;

public sealed class HealthOnDemandTests
{
    [Fact]
    public async Task Healthy_when_labels_and_llm_work_and_never_shows_the_key()
    {
        await using var llm = await FakeLlmServer.StartAsync(TestContext.Current.CancellationToken);
        llm.RequiredApiKey = "sk-very-secret";
        await using var workspace = (await FunctionsWorkspace.StartAsync(messages: 0)).WithLlm(llm.BaseUrl).With("LLM_API_KEY", "sk-very-secret");

        var result = Assert.IsType<ObjectResult>(await workspace.Create<HealthOnDemand>().RunAsync(FunctionsWorkspace.Request("GET"), TestContext.Current.CancellationToken));

        var text = JsonSerializer.Serialize(result.Value);
        Assert.Equal(200, result.StatusCode);
        Assert.Equal("healthy", JsonDocument.Parse(text).RootElement.GetProperty("status").GetString());
        Assert.DoesNotContain("sk-very-secret", text, StringComparison.Ordinal);
        Assert.Equal(0, llm.ChatRequestCount);
    }

    [Fact]
    public async Task Unhealthy_with_503_when_the_llm_is_down()
    {
        await using var workspace = (await FunctionsWorkspace.StartAsync(messages: 0)).WithLlm(new Uri($"http://127.0.0.1:{FakeLlmServer.GetUnusedPort()}/v1"));

        var result = Assert.IsType<ObjectResult>(await workspace.Create<HealthOnDemand>().RunAsync(FunctionsWorkspace.Request("GET"), TestContext.Current.CancellationToken));

        var json = JsonDocument.Parse(JsonSerializer.Serialize(result.Value)).RootElement;
        Assert.Equal(503, result.StatusCode);
        Assert.Contains(json.GetProperty("checks").EnumerateArray(), c => c.GetProperty("name").GetString() == "llm" && c.GetProperty("status").GetString() == "unavailable");
    }

    [Fact]
    public async Task Invalid_settings_are_reported_by_name()
    {
        await using var workspace = (await FunctionsWorkspace.StartAsync(messages: 0)).With("LLM_BASE_URL", "nonsense").With("LLM_MODEL", "m");

        var result = Assert.IsType<ObjectResult>(await workspace.Create<HealthOnDemand>().RunAsync(FunctionsWorkspace.Request("GET"), TestContext.Current.CancellationToken));

        Assert.Equal(503, result.StatusCode);
        Assert.Contains("LLM_BASE_URL", JsonSerializer.Serialize(result.Value), StringComparison.Ordinal);
    }
}
