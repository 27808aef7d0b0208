using EmailTriage.Llm;
using EmailTriage.Classification;
using EmailTriage.Core.Tests.Support;
using EmailTriage.Mail;
using EmailTriage.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EmailTriage.Llm.Tests;

/// <summary>When every server of LLM_BASE_URL rests: wait for one back soon, otherwise fail at once with the last error.</summary>
public sealed class RestPolicyTests : IAsyncLifetime
{
    private static readonly MailMessage Message = new() { Id = "m1", From = "a@b.example", FromAddress = "a@b.example", Subject = "Plans", Body = "See you." };

    private readonly FakeTimeProvider _time = new();
    private FakeLlmServer _a = null!;
    private FakeLlmServer _b = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _a = await FakeLlmServer.StartAsync(Ct);
        _b = await FakeLlmServer.StartAsync(Ct);
        foreach (var server in new[] { _a, _b })
        {
            server.Answer = _ => "Work";
            server.PersistentFault = new FakeLlmFault.ServerError();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    private MessageClassifier Classifier()
    {
        var options = LlmSetup.Options(_a.BaseUrl, o => o.BaseUrl = $"{_a.BaseUrl},{_b.BaseUrl}");
        return new MessageClassifier(TestLabels.Standard, new LlmClassifier(LlmProviders.From(options, NullLoggerFactory.Instance, _time), new PromptBuilder(TestLabels.Standard), NullLogger<LlmClassifier>.Instance));
    }

    [Theory]
    [InlineData(5, 10, 20, 40, 60, 60)]
    public void Rests_double_up_to_a_minute(params int[] seconds)
    {
        var rest = TimeSpan.Zero;
        foreach (var expected in seconds)
        {
            rest = RestPolicy.Default.After(rest);
            Assert.Equal(TimeSpan.FromSeconds(expected), rest);
        }
    }

    [Fact]
    public async Task With_every_server_resting_a_request_fails_at_once_unless_one_is_back_soon()
    {
        var classifier = Classifier();

        // Both fail: the message waits for the next run, and both servers rest 5 s.
        var first = await Assert.ThrowsAsync<LlmException>(() => classifier.ClassifyAsync(Message, Ct));
        Assert.Equal(LlmFailure.ServerError, first.Failure);
        Assert.Equal((1, 1), (_a.ChatRequestCount, _b.ChatRequestCount));

        // Five seconds is not soon: the next message fails at once with the last reason, asking nobody and costing nothing.
        var resting = await Assert.ThrowsAsync<LlmException>(() => classifier.ClassifyAsync(Message, Ct));
        Assert.StartsWith("LLM server error", resting.Message, StringComparison.Ordinal);
        Assert.Contains("all 2 servers in LLM_BASE_URL failed and rest until", resting.Message, StringComparison.Ordinal);
        Assert.Equal(0, resting.Usage.Calls);
        Assert.Equal((1, 1), (_a.ChatRequestCount, _b.ChatRequestCount));

        // Back in 1.5 s is soon: the request waits for it (on this clock) and is answered.
        _a.PersistentFault = _b.PersistentFault = null;
        _time.Advance(TimeSpan.FromSeconds(3.5));
        var waiting = classifier.ClassifyAsync(Message, Ct);
        Assert.False(waiting.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1.5));
        var decision = await waiting;

        Assert.Equal(("Work", DecisionSource.Llm), (decision.Label, decision.Source));
        Assert.Equal(3, _a.ChatRequestCount + _b.ChatRequestCount);
    }
}
