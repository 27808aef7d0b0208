using EmailTriage.Cli.Tests.Support;
using EmailTriage.Testing;

namespace EmailTriage.Cli.Tests.Commands;

public sealed class ClassifyCommandTests
{
    [Fact]
    public async Task Prints_the_label_the_llm_chose()
    {
        await using var llm = await FakeLlmServer.StartAsync(TestContext.Current.CancellationToken);
        llm.Answer = request => request.User.Contains("invoice", StringComparison.OrdinalIgnoreCase) ? "Finance" : "Personal";
        using var workspace = new CliWorkspace(withSamples: false).WithLlm(llm.BaseUrl);

        var run = await workspace.RunAsync("classify", "--from", "billing@shop.example", "--subject", "Your invoice", "--body", "Amount due: 12 EUR");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("Finance", Assert.Single(run.OutputLines));
        Assert.Contains("source: llm", run.Error, StringComparison.Ordinal);
        Assert.Contains("Subject: Your invoice", Assert.Single(llm.Requests).User, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rule_decides_without_calling_the_llm()
    {
        using var workspace = new CliWorkspace(withSamples: false);

        var run = await workspace.RunAsync("classify", "--from", "notifications@codehub.example", "--subject", "CI failed");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("Notifications", Assert.Single(run.OutputLines));
        Assert.Contains("source: rule", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_LLM_BASE_URL_the_message_is_deferred_as_triage_defers_it_with_exit_code_2()
    {
        using var workspace = new CliWorkspace(withSamples: false);

        var run = await workspace.RunAsync("classify", "--from", "friend@mail.example", "--subject", "Dinner?");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("(none)", Assert.Single(run.OutputLines));
        Assert.Contains("source: deferred; left for an LLM: LLM_BASE_URL is not set", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_model_says_model_not_found_and_lists_the_models_with_exit_code_2()
    {
        await using var llm = await FakeLlmServer.StartAsync(TestContext.Current.CancellationToken);
        llm.Models.Add("llama-3.2-3b");
        using var workspace = new CliWorkspace(withSamples: false).WithLlm(llm.BaseUrl, model: "gpt-9");

        var run = await workspace.RunAsync("classify", "--from", "friend@mail.example", "--subject", "Dinner?");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("Model not found", run.Error, StringComparison.Ordinal);
        Assert.Contains("llama-3.2-3b", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_subject_is_a_usage_error()
    {
        using var workspace = new CliWorkspace(withSamples: false);

        var run = await workspace.RunAsync("classify", "--from", "a@b.example");

        Assert.Equal(1, run.ExitCode);
    }
}
