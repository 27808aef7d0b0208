using EmailTriage.Llm;
using EmailTriage.Core.Tests.Support;
using EmailTriage.Health;
using EmailTriage.Testing;

namespace EmailTriage.Llm.Tests;

/// <summary>check with several servers and a fallback provider: each one is checked, and reported, on its own.</summary>
public sealed class LlmProbeServersTests : IAsyncLifetime
{
    private FakeLlmServer _first = null!;
    private FakeLlmServer _fallback = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _first = await FakeLlmServer.StartAsync(Ct);
        _fallback = await FakeLlmServer.StartAsync(Ct);
        _fallback.Models.Add("other-model");
    }

    public async ValueTask DisposeAsync()
    {
        await _first.DisposeAsync();
        await _fallback.DisposeAsync();
    }

    [Fact]
    public async Task Every_primary_server_and_the_fallback_get_an_item_of_their_own()
    {
        var down = LlmSetup.Unreachable();
        using var harness = new TriageHarness(null, new Dictionary<string, string?>
        {
            ["LLM_BASE_URL"] = $"{_first.BaseUrl},{down}",
            ["LLM_FALLBACK_BASE_URL"] = _fallback.BaseUrl.ToString(),
            ["LLM_FALLBACK_MODEL"] = "other-model",
        });

        var report = await harness.Get<HealthCheck>().RunAsync(HealthCheckDepth.Full, Ct);

        var first = Assert.Single(report.Items, i => i.Name == $"llm test-model@{_first.BaseUrl.Authority}");
        Assert.Equal(HealthStatus.Ok, first.Status);
        var dead = Assert.Single(report.Items, i => i.Name == $"llm test-model@{down.Authority}");
        Assert.Equal(HealthStatus.Unavailable, dead.Status);
        Assert.StartsWith("Cannot connect to LLM API", dead.Detail, StringComparison.Ordinal);
        var fallback = Assert.Single(report.Items, i => i.Name == $"llm fallback other-model@{_fallback.BaseUrl.Authority}");
        Assert.Equal(HealthStatus.Ok, fallback.Status);

        // A full check classifies on each server that answers, with its own model.
        Assert.Equal(HealthStatus.Ok, Assert.Single(report.Items, i => i.Name == $"llm test-model@{_first.BaseUrl.Authority} classification").Status);
        Assert.Equal("other-model", Assert.Single(_fallback.AnsweredRequests).Model);
        Assert.Single(_first.AnsweredRequests);
        Assert.False(report.Healthy);
    }
}
