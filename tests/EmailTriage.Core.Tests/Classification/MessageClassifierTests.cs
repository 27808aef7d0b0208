using EmailTriage.Classification;
using EmailTriage.Core.Tests.Support;
using EmailTriage.Mail;

namespace EmailTriage.Core.Tests.Classification;

public sealed class MessageClassifierTests
{
    private static readonly MessageClassifier RulesOnly = new(TestLabels.Standard, llm: null);

    private static Task<Decision> ClassifyAsync(MessageClassifier classifier, MailMessage message) =>
        classifier.ClassifyAsync(message, TestContext.Current.CancellationToken);

    [Fact]
    public async Task Unreadable_message_gets_the_fallback_with_the_reason()
    {
        var decision = await ClassifyAsync(RulesOnly, new MailMessage { Id = "m", Problem = "the message is empty" });

        Assert.Equal("Review", decision.Label);
        Assert.Equal(DecisionSource.Fallback, decision.Source);
        Assert.Equal("message could not be read: the message is empty", decision.Reason);
    }

    [Fact]
    public async Task Unreadable_message_without_fallback_fails()
    {
        var classifier = new MessageClassifier(TestLabels.Parse("""{ "labels": [ { "name": "Work", "description": "d" } ] }"""), llm: null);

        var decision = await ClassifyAsync(classifier, new MailMessage { Id = "m", Problem = "the message is empty" });

        Assert.Null(decision.Label);
        Assert.Equal(DecisionSource.Failed, decision.Source);
        Assert.NotEqual(DecisionSource.Deferred, decision.Source);
    }

    [Fact]
    public async Task Partly_readable_message_goes_to_the_rules()
    {
        var message = new MailMessage { Id = "m", FromAddress = "statements@bank.example", Problem = "the body could not be decoded" };

        var decision = await ClassifyAsync(RulesOnly, message);

        Assert.Equal("Finance", decision.Label);
        Assert.Equal(DecisionSource.Rule, decision.Source);
    }

    [Fact]
    public async Task Without_llm_undecided_mail_waits_for_one()
    {
        var decision = await ClassifyAsync(RulesOnly, new MailMessage { Id = "m", FromAddress = "friend@home.example", Subject = "Dinner?" });

        Assert.Null(decision.Label);
        Assert.Equal(DecisionSource.Deferred, decision.Source);
        Assert.Contains("LLM_BASE_URL", decision.Reason, StringComparison.Ordinal);
        Assert.False(RulesOnly.HasLlm);
    }

    [Fact]
    public async Task A_sure_learned_model_decides_before_any_llm_and_says_so()
    {
        var model = new SenderFilingModel(TestLabels.Standard.AllNames, new Dictionary<string, string> { ["friend@home.example"] = "work" });
        var classifier = new MessageClassifier(TestLabels.Standard, llm: null, model);

        var decision = await ClassifyAsync(classifier, new MailMessage { Id = "m", FromAddress = "friend@home.example", Subject = "Dinner?" });

        Assert.Equal(("Work", DecisionSource.Learned), (decision.Label, decision.Source));
        Assert.Equal("learned: sender, confidence 0.99", decision.Reason);
    }

    [Fact]
    public async Task Rules_still_come_before_the_learned_model()
    {
        var model = new SenderFilingModel(TestLabels.Standard.AllNames, new Dictionary<string, string> { ["statements@bank.example"] = "Work" });
        var classifier = new MessageClassifier(TestLabels.Standard, llm: null, model);

        var decision = await ClassifyAsync(classifier, new MailMessage { Id = "m", FromAddress = "statements@bank.example" });

        Assert.Equal(("Finance", DecisionSource.Rule), (decision.Label, decision.Source));
    }

    [Fact]
    public async Task A_learned_label_that_is_not_configured_is_never_given()
    {
        var model = new SenderFilingModel(TestLabels.Standard.AllNames, new Dictionary<string, string> { ["friend@home.example"] = "Holidays" });
        var classifier = new MessageClassifier(TestLabels.Standard, llm: null, model);

        var decision = await ClassifyAsync(classifier, new MailMessage { Id = "m", FromAddress = "friend@home.example" });

        Assert.Equal(DecisionSource.Deferred, decision.Source);
        Assert.Null(decision.Label);
    }

    [Fact]
    public async Task An_unsure_learned_model_without_an_llm_leaves_the_message_waiting_and_says_why()
    {
        var classifier = new MessageClassifier(TestLabels.Standard, llm: null, new SenderFilingModel(TestLabels.Standard.AllNames));

        var decision = await ClassifyAsync(classifier, new MailMessage { Id = "m", FromAddress = "stranger@new.example" });

        Assert.Equal(DecisionSource.Deferred, decision.Source);
        Assert.Equal("left for an LLM: the learned model is not sure enough (Work at 0.20, gate 0.90) and LLM_BASE_URL is not set", decision.Reason);
    }
}
