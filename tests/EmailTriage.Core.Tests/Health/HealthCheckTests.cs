using EmailTriage.Core.Tests.Support;
using EmailTriage.Health;
using EmailTriage.Testing;

namespace EmailTriage.Core.Tests.Health;

/// <summary>The registered probes (labels, LLM) through the composition root, against the loopback fake.</summary>
public sealed class HealthCheckTests : IAsyncLifetime
{
    private FakeLlmServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await FakeLlmServer.StartAsync(Ct);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private static Task<HealthReport> CheckAsync(TriageHarness harness, HealthCheckDepth depth = HealthCheckDepth.Quick) =>
        harness.Get<HealthCheck>().RunAsync(depth, Ct);

    [Fact]
    public async Task Working_setup_is_healthy_without_classifying_on_a_quick_check()
    {
        using var harness = new TriageHarness(_server.BaseUrl);

        var report = await CheckAsync(harness);

        Assert.True(report.Healthy);
        Assert.Equal(["labels", "llm"], report.Items.Select(i => i.Name));
        Assert.Contains("3 labels (Work, Finance, Newsletters), fallback Review, 2 rules", report.Items[0].Detail, StringComparison.Ordinal);
        Assert.Equal(0, _server.ChatRequestCount);
    }

    [Fact]
    public async Task Full_check_classifies_one_message()
    {
        _server.Answer = _ => "Finance";
        using var harness = new TriageHarness(_server.BaseUrl);

        var report = await CheckAsync(harness, HealthCheckDepth.Full);

        var classification = Assert.Single(report.Items, i => i.Name == "llm classification");
        Assert.Equal(HealthStatus.Ok, classification.Status);
        Assert.Contains("Finance (llm)", classification.Detail, StringComparison.Ordinal);
        Assert.Equal(1, _server.ChatRequestCount);
    }

    [Fact]
    public async Task Full_check_warns_when_the_model_answers_off_list()
    {
        _server.Answer = _ => "Spam";
        using var harness = new TriageHarness(_server.BaseUrl);

        var report = await CheckAsync(harness, HealthCheckDepth.Full);

        var classification = Assert.Single(report.Items, i => i.Name == "llm classification");
        Assert.Equal(HealthStatus.Warning, classification.Status);
        Assert.Contains("Invalid label returned by LLM", classification.Detail, StringComparison.Ordinal);
        Assert.True(report.Healthy);
    }

    [Fact]
    public async Task Missing_base_url_is_bad_configuration()
    {
        using var harness = new TriageHarness(llmBaseUrl: null);

        var report = await CheckAsync(harness);

        Assert.False(report.Healthy);
        Assert.Equal(HealthStatus.BadConfiguration, report.Worst);
        Assert.StartsWith("LLM_BASE_URL", report.Items.Single(i => i.Name == "llm").Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Model_the_server_does_not_list_is_a_warning()
    {
        using var harness = new TriageHarness(_server.BaseUrl, new Dictionary<string, string?> { ["LLM_MODEL"] = "other-model" });

        var report = await CheckAsync(harness);

        var warning = Assert.Single(report.Items, i => i.Name == "llm model");
        Assert.Equal(HealthStatus.Warning, warning.Status);
        Assert.Contains("test-model", warning.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_server_is_unavailable()
    {
        using var harness = new TriageHarness(LlmSetup.Unreachable());

        var report = await CheckAsync(harness);

        var llm = report.Items.Single(i => i.Name == "llm");
        Assert.Equal(HealthStatus.Unavailable, llm.Status);
        Assert.StartsWith("Cannot connect to LLM API", llm.Detail, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Unavailable, report.Worst);
    }

    [Fact]
    public async Task Wrong_key_is_unavailable_and_the_key_is_not_shown()
    {
        _server.RequiredApiKey = "right-key";
        using var harness = new TriageHarness(_server.BaseUrl, new Dictionary<string, string?> { ["LLM_API_KEY"] = "wrong-key" });

        var report = await CheckAsync(harness);

        var llm = report.Items.Single(i => i.Name == "llm");
        Assert.Equal(HealthStatus.Unavailable, llm.Status);
        Assert.All(report.Items, i => Assert.DoesNotContain("wrong-key", i.Detail, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Broken_label_file_is_reported_once_even_on_a_full_check()
    {
        using var harness = new TriageHarness(_server.BaseUrl, labelsJson: "{ \"labels\": [ ");

        var report = await CheckAsync(harness, HealthCheckDepth.Full);

        var labels = report.Items.Single(i => i.Name == "labels");
        Assert.Equal(HealthStatus.BadConfiguration, labels.Status);
        Assert.Contains("labels.json", labels.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(report.Items, i => i.Name == "llm classification");
        Assert.Equal(0, _server.ChatRequestCount);
    }
}
