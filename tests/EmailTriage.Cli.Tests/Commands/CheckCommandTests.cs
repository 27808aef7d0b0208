using EmailTriage.Cli.Tests.Support;
using EmailTriage.Testing;

namespace EmailTriage.Cli.Tests.Commands;

public sealed class CheckCommandTests
{
    [Fact]
    public async Task Passes_against_a_working_server_and_hides_the_key()
    {
        await using var llm = await FakeLlmServer.StartAsync(TestContext.Current.CancellationToken);
        llm.Answer = _ => "Finance";
        llm.RequiredApiKey = "sk-secret-123";
        using var workspace = new CliWorkspace(withSamples: false).WithLlm(llm.BaseUrl).With("LLM_API_KEY", "sk-secret-123");

        var run = await workspace.RunAsync("check");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("All checks passed.", run.Output, StringComparison.Ordinal);
        Assert.Contains("test classification with test-model: Finance (llm)", run.Output, StringComparison.Ordinal);
        Assert.Contains("6 labels", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-secret-123", run.Output + run.Error, StringComparison.Ordinal);
        Assert.Equal(1, llm.ChatRequestCount);
    }

    [Fact]
    public async Task Reports_a_refused_key_with_exit_code_3()
    {
        await using var llm = await FakeLlmServer.StartAsync(TestContext.Current.CancellationToken);
        llm.RequiredApiKey = "right";
        using var workspace = new CliWorkspace(withSamples: false).WithLlm(llm.BaseUrl).With("LLM_API_KEY", "wrong");

        var run = await workspace.RunAsync("check");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("FAIL llm: Authentication failed", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Warns_when_the_model_is_not_listed()
    {
        await using var llm = await FakeLlmServer.StartAsync(TestContext.Current.CancellationToken);
        llm.Answer = _ => "Work";
        using var workspace = new CliWorkspace(withSamples: false).WithLlm(llm.BaseUrl, model: "other-model");

        var run = await workspace.RunAsync("check");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("LLM_MODEL 'other-model' is not in that list: test-model", run.Output, StringComparison.Ordinal);
        Assert.Contains("Model not found", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_an_llm_says_how_to_configure_one()
    {
        using var workspace = new CliWorkspace(withSamples: false);

        var run = await workspace.RunAsync("check");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("LLM_BASE_URL environment variable must be set", run.Output, StringComparison.Ordinal);
        Assert.Contains("ok   labels: labels.json: 6 labels", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_server_fails_with_exit_code_3()
    {
        var port = FakeLlmServer.GetUnusedPort();
        using var workspace = new CliWorkspace(withSamples: false).WithLlm(new Uri($"http://127.0.0.1:{port}/v1"));

        var run = await workspace.RunAsync("check");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains($"Cannot connect to LLM API at http://127.0.0.1:{port}/v1", run.Output, StringComparison.Ordinal);
    }
}
