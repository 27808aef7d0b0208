using EmailTriage.Llm;
using EmailTriage.Classification;
using EmailTriage.Configuration;
using EmailTriage.Core.Tests.Support;
using EmailTriage.Mail;
using EmailTriage.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EmailTriage.Llm.Tests;

/// <summary>A fallback provider (LLM_FALLBACK_BASE_URL) beside the primary, with the real SDK against loopback servers.</summary>
public sealed class LlmProvidersTests : IAsyncLifetime
{
    private const string FallbackModel = "other-model";

    private static readonly MailMessage Invoice = TestMail.Invoice;

    private readonly FakeTimeProvider _time = new();
    private FakeLlmServer _primary = null!;
    private FakeLlmServer _fallback = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _primary = await FakeLlmServer.StartAsync(Ct);
        _primary.Answer = _ => "Finance";
        _fallback = await FakeLlmServer.StartAsync(Ct);
        _fallback.Models.Add(FallbackModel);
        _fallback.Answer = _ => "Work";
    }

    public async ValueTask DisposeAsync()
    {
        await _primary.DisposeAsync();
        await _fallback.DisposeAsync();
    }

    private MessageClassifier Classifier(string primaryUrls)
    {
        var options = LlmSetup.Options(new Uri(primaryUrls.Split(',')[0]), o =>
        {
            o.BaseUrl = primaryUrls;
            o.FallbackBaseUrl = _fallback.BaseUrl.ToString();
            o.FallbackModel = FallbackModel;
        });
        var providers = LlmProviders.From(options, NullLoggerFactory.Instance, _time);
        return new MessageClassifier(TestLabels.Standard, new LlmClassifier(providers, new PromptBuilder(TestLabels.Standard), NullLogger<LlmClassifier>.Instance));
    }

    private static string Name(string model, Uri baseUrl) => $"{model}@{baseUrl.Authority}";

    [Fact]
    public async Task The_fallback_decides_when_every_primary_server_is_down()
    {
        var classifier = Classifier($"{LlmSetup.Unreachable()},{LlmSetup.Unreachable()}");

        var decision = await classifier.ClassifyAsync(Invoice, Ct);

        Assert.Equal(("Work", DecisionSource.Llm), (decision.Label, decision.Source));
        Assert.Equal(Name(FallbackModel, _fallback.BaseUrl), decision.Provider);
        Assert.Equal("llm: other-model", decision.Reason);
        Assert.Equal(FallbackModel, Assert.Single(_fallback.AnsweredRequests).Model);

        // The two refused connections were sent too.
        Assert.Equal(3, decision.Usage.Calls);
    }

    [Fact]
    public async Task The_primary_that_answers_decides_and_the_fallback_is_never_asked()
    {
        var decision = await Classifier(_primary.BaseUrl.ToString()).ClassifyAsync(Invoice, Ct);

        Assert.Equal(("Finance", Name("test-model", _primary.BaseUrl)), (decision.Label, decision.Provider));
        Assert.Equal(0, _fallback.ChatRequestCount);
    }

    [Fact]
    public async Task The_corrective_turn_goes_to_the_primary_that_gave_the_first_answer()
    {
        _primary.Answer = r => r.Messages.Any(m => m.Role == "assistant") ? "Finance" : "Banana";

        var decision = await Classifier(_primary.BaseUrl.ToString()).ClassifyAsync(Invoice, Ct);

        Assert.Equal("Finance", decision.Label);
        Assert.Equal(2, _primary.AnsweredRequests.Count);
        Assert.Equal(0, _fallback.ChatRequestCount);
    }

    [Fact]
    public async Task A_message_the_primary_answered_stays_with_it_even_when_the_correction_fails()
    {
        // The first answer is off the list; then the primary breaks before the corrective turn.
        _primary.Answer = _ =>
        {
            _primary.PersistentFault = new FakeLlmFault.ServerError();
            return "Banana";
        };

        var error = await Assert.ThrowsAsync<LlmException>(() => Classifier(_primary.BaseUrl.ToString()).ClassifyAsync(Invoice, Ct));

        Assert.Equal(LlmFailure.ServerError, error.Failure);
        Assert.Equal(2, _primary.ChatRequestCount);
        Assert.Equal(0, _fallback.ChatRequestCount);
        Assert.Equal(2, error.Usage.Calls);
    }

    [Fact]
    public async Task After_falling_back_later_messages_go_straight_to_the_fallback_until_the_primary_has_rested()
    {
        _primary.PersistentFault = new FakeLlmFault.ServerError();
        var classifier = Classifier(_primary.BaseUrl.ToString());

        var decisions = new List<Decision>();
        for (var i = 0; i < 3; i++)
        {
            decisions.Add(await classifier.ClassifyAsync(Invoice, Ct));
        }

        Assert.All(decisions, d => Assert.Equal(Name(FallbackModel, _fallback.BaseUrl), d.Provider));
        Assert.Equal(1, _primary.ChatRequestCount);
        Assert.Equal(3, _fallback.AnsweredRequests.Count);

        // Its rest over, the primary (mended meanwhile) gets the next message.
        _primary.PersistentFault = null;
        _time.Advance(TimeSpan.FromSeconds(6));
        var later = await classifier.ClassifyAsync(Invoice, Ct);

        Assert.Equal(("Finance", Name("test-model", _primary.BaseUrl)), (later.Label, later.Provider));
        Assert.Equal(3, _fallback.ChatRequestCount);
    }

    [Fact]
    public async Task A_primary_that_fails_again_after_its_rest_rests_twice_as_long()
    {
        _primary.PersistentFault = new FakeLlmFault.ServerError();
        var classifier = Classifier(_primary.BaseUrl.ToString());
        await classifier.ClassifyAsync(Invoice, Ct);
        _time.Advance(TimeSpan.FromSeconds(6));
        await classifier.ClassifyAsync(Invoice, Ct);
        Assert.Equal(2, _primary.ChatRequestCount);

        // 5 s, then 10 s: six seconds on it still rests.
        _time.Advance(TimeSpan.FromSeconds(6));
        await classifier.ClassifyAsync(Invoice, Ct);
        Assert.Equal(2, _primary.ChatRequestCount);
        _time.Advance(TimeSpan.FromSeconds(5));
        await classifier.ClassifyAsync(Invoice, Ct);
        Assert.Equal(3, _primary.ChatRequestCount);
        Assert.Equal(4, _fallback.AnsweredRequests.Count);
    }

    [Fact]
    public void The_fallback_gets_its_own_key_and_never_the_primary_one()
    {
        var options = new LlmOptions { BaseUrl = "http://127.0.0.1:9/v1", ApiKey = "primary-secret", FallbackBaseUrl = "https://api.together.xyz/v1", FallbackModel = FallbackModel };

        Assert.Equal(LlmOptions.NoApiKey, options.EffectiveFallbackApiKey);
        options.FallbackApiKey = " fb-key ";
        Assert.Equal("fb-key", options.EffectiveFallbackApiKey);
    }
}
