using EmailTriage.Classification;
using EmailTriage.Configuration;
using EmailTriage.Core.Tests.Support;
using EmailTriage.Labels;
using EmailTriage.Mail;
using EmailTriage.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EmailTriage.Core.Tests.Classification;

public sealed class SingleMessageClassifierTests
{
    private static SingleMessageClassifier Classifier(LlmOptions options) => new(
        new ClassifierFactory(Options.Create(options), NullLoggerFactory.Instance, new EmailTriage.Llm.LlmTransport(NullLoggerFactory.Instance, TimeProvider.System)),
        new LabelConfigLoader(Options.Create(new LabelOptions()), new AppPaths(Path.GetTempPath())),
        Options.Create(options));

    [Fact]
    public async Task Classifying_one_message_by_rule_needs_no_llm()
    {
        var message = new MailMessage { Id = "m", FromAddress = "statements@bank.example" };

        var decision = await Classifier(new LlmOptions()).ClassifyAsync(TestLabels.Standard, message, TestContext.Current.CancellationToken);

        Assert.Equal(("Finance", DecisionSource.Rule), (decision.Label, decision.Source));
    }

    [Fact]
    public async Task Classifying_one_message_no_rule_decides_requires_an_llm()
    {
        var message = new MailMessage { Id = "m", FromAddress = "friend@home.example", Subject = "Dinner?" };

        var error = await Assert.ThrowsAsync<SettingsException>(
            () => Classifier(new LlmOptions()).ClassifyAsync(TestLabels.Standard, message, TestContext.Current.CancellationToken));

        Assert.StartsWith("LLM_BASE_URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Classifying_one_message_asks_the_llm_when_no_rule_decides()
    {
        await using var server = await FakeLlmServer.StartAsync(TestContext.Current.CancellationToken);
        server.Answer = _ => "Work";
        var message = new MailMessage { Id = "m", FromAddress = "friend@home.example", Subject = "Standup" };

        var decision = await Classifier(LlmSetup.Options(server.BaseUrl)).ClassifyAsync(TestLabels.Standard, message, TestContext.Current.CancellationToken);

        Assert.Equal(("Work", DecisionSource.Llm), (decision.Label, decision.Source));
        Assert.Equal(1, server.ChatRequestCount);
    }
}
