using EmailTriage.Classification;
using EmailTriage.Configuration;
using EmailTriage.Core.Tests.Support;
using EmailTriage.Llm;
using EmailTriage.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EmailTriage.Core.Tests.Classification;

public sealed class OnDemandClassifierTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static OnDemandClassifier Classifier(LlmOptions options) => new(
        new ClassifierFactory(Options.Create(options), NullLoggerFactory.Instance, new LlmTransport(NullLoggerFactory.Instance, TimeProvider.System)),
        Options.Create(options));

    private static ClassifyRequest Request(string from, string subject) => new("test", from, subject, string.Empty);

    [Fact]
    public async Task A_rule_decides_without_an_llm()
    {
        var decision = await Classifier(new LlmOptions()).ClassifyAsync(Request("statements@bank.example", "Statement"), TestLabels.Standard, null, Ct);

        Assert.Equal(("Finance", DecisionSource.Rule), (decision.Label, decision.Source));
        Assert.Equal("from statements@bank.example", decision.Rule);
    }

    [Fact]
    public async Task Without_an_llm_what_no_rule_decides_is_deferred_as_triage_defers_it()
    {
        var decision = await Classifier(new LlmOptions()).ClassifyAsync(Request("friend@home.example", "Dinner?"), TestLabels.Standard, null, Ct);

        Assert.Equal((null, DecisionSource.Deferred), (decision.Label, decision.Source));
        Assert.Contains("LLM_BASE_URL is not set", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_llm_decides_what_no_rule_does_and_the_decision_names_the_server_and_model()
    {
        await using var server = await FakeLlmServer.StartAsync(Ct);
        server.Answer = _ => "Work";

        var decision = await Classifier(LlmSetup.Options(server.BaseUrl)).ClassifyAsync(Request("friend@home.example", "Standup"), TestLabels.Standard, null, Ct);

        Assert.Equal(("Work", DecisionSource.Llm), (decision.Label, decision.Source));
        Assert.Equal(($"test-model@{server.BaseUrl.Authority}", "test-model"), (decision.Provider, decision.Model));
        Assert.Contains("Work", decision.Answer, StringComparison.Ordinal);
        Assert.Equal(1, server.ChatRequestCount);
    }

    [Fact]
    public async Task A_learned_model_sure_of_the_sender_decides_before_the_llm_with_its_confidence_and_gate()
    {
        await using var server = await FakeLlmServer.StartAsync(Ct);
        server.Answer = _ => "Work";
        var model = new SenderFilingModel(["Finance", "Work", "Newsletters", "Review"], new Dictionary<string, string> { ["friend@home.example"] = "Finance" });

        var decision = await Classifier(LlmSetup.Options(server.BaseUrl)).ClassifyAsync(Request("friend@home.example", "Dinner?"), TestLabels.Standard, model, Ct);

        Assert.Equal(("Finance", DecisionSource.Learned), (decision.Label, decision.Source));
        Assert.NotNull(decision.Confidence);
        Assert.NotNull(decision.Gate);
        Assert.Equal(0, server.ChatRequestCount);
    }
}
