using EmailTriage.Llm;
using EmailTriage.Classification;
using EmailTriage.Configuration;
using EmailTriage.Core.Tests.Support;
using EmailTriage.Mail;
using EmailTriage.Testing;

namespace EmailTriage.Llm.Tests;

/// <summary>
/// What each kind of server is sent, thinking models, refused fields and free-text answers that must not become a
/// label: the real SDK pipeline against the loopback fake.
/// </summary>
public sealed class LlmServerQuirksTests : IAsyncLifetime
{
    private static readonly MailMessage Invoice = TestMail.Invoice;

    private FakeLlmServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await FakeLlmServer.StartAsync(Ct);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private static MessageClassifier Classifier(LlmConnection connection) => LlmSetup.Classifier(connection, TestLabels.Standard);

    private LlmConnection Connection(Action<LlmOptions>? configure = null) => LlmSetup.Connection(_server.BaseUrl, configure);

    [Theory]
    [InlineData("openai", "max_completion_tokens", "max_tokens,chat_template_kwargs,reasoning_effort")]
    [InlineData("together", "max_tokens", "max_completion_tokens,chat_template_kwargs,reasoning_effort")]
    [InlineData("ollama", "max_tokens,reasoning_effort", "max_completion_tokens,chat_template_kwargs")]
    [InlineData("mlx", "max_tokens,max_completion_tokens,chat_template_kwargs", "reasoning_effort")]
    [InlineData("vllm", "max_tokens,max_completion_tokens,chat_template_kwargs", "reasoning_effort")]
    [InlineData("llamacpp", "max_tokens,max_completion_tokens,chat_template_kwargs", "reasoning_effort")]
    [InlineData("litellm", "max_tokens,max_completion_tokens", "chat_template_kwargs,reasoning_effort")]
    [InlineData("other", "max_tokens,max_completion_tokens", "chat_template_kwargs,reasoning_effort")]
    public async Task Each_kind_of_server_is_sent_the_fields_it_reads(string server, string sent, string notSent)
    {
        _server.Answer = _ => "Finance";

        var decision = await Classifier(Connection(o => o.Server = server)).ClassifyAsync(Invoice, Ct);

        Assert.Equal("Finance", decision.Label);
        var request = Assert.Single(_server.Requests);
        var fields = request.TopLevelFields;
        Assert.All(sent.Split(','), field => Assert.Contains(field, fields));
        Assert.All(notSent.Split(','), field => Assert.DoesNotContain(field, fields));
        Assert.Equal(LlmConnection.AnswerBudget, request.MaxTokens ?? request.MaxCompletionTokens);
        Assert.Equal(0, request.Temperature);
        Assert.True(request.HasJsonSchema);
        if (fields.Contains("chat_template_kwargs"))
        {
            Assert.Contains("\"chat_template_kwargs\":{\"enable_thinking\":false}", request.RawBody, StringComparison.Ordinal);
        }

        if (fields.Contains("reasoning_effort"))
        {
            Assert.Contains("\"reasoning_effort\":\"none\"", request.RawBody, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_server_that_cannot_be_told_apart_is_asked_its_models_once()
    {
        _server.Answer = _ => "Finance";
        var connection = Connection();
        var classifier = Classifier(connection);

        await classifier.ClassifyAsync(Invoice, Ct);
        await classifier.ClassifyAsync(Invoice with { Id = "m2" }, Ct);

        Assert.Equal(LlmServerKind.Unknown, connection.Kind);
        Assert.Equal(2, _server.ChatRequestCount);
    }

    [Fact]
    public async Task A_model_that_thinks_through_its_budget_is_asked_once_more_with_room_and_keeps_it()
    {
        _server.Style = FakeLlmStyle.FreeText;
        _server.Answer = r => (r.MaxCompletionTokens ?? r.MaxTokens) <= LlmConnection.AnswerBudget
            ? "<think>The sender is a hosting company and the subject"
            : "<think>The sender is a hosting company; an invoice is Finance, not Work.</think>\n{\"label\": \"Finance\"}";
        var connection = Connection(o => o.ThinkingMaxTokens = 1000);
        var classifier = Classifier(connection);

        var first = await classifier.ClassifyAsync(Invoice, Ct);
        var second = await classifier.ClassifyAsync(Invoice with { Id = "m2" }, Ct);

        Assert.Equal(("Finance", DecisionSource.Llm), (first.Label, first.Source));
        Assert.Equal(("Finance", DecisionSource.Llm), (second.Label, second.Source));
        Assert.Equal(2, first.Usage.Calls);
        Assert.Equal(1, second.Usage.Calls);
        Assert.True(connection.Thinks);
        Assert.Equal([32, 1000, 1000], _server.Requests.Select(r => r.MaxCompletionTokens ?? 0));
    }

    [Fact]
    public async Task A_model_that_never_stops_thinking_gets_the_fallback_with_the_reason()
    {
        _server.Style = FakeLlmStyle.FreeText;
        _server.Answer = _ => "<think>Finance? Work? Let me weigh every label carefully";

        var decision = await Classifier(Connection(o => o.ThinkingMaxTokens = 500)).ClassifyAsync(Invoice, Ct);

        Assert.Equal(("Review", DecisionSource.Fallback), (decision.Label, decision.Source));
        Assert.StartsWith("The model spent its whole 500-token budget thinking", decision.Reason, StringComparison.Ordinal);
        Assert.Equal(3, _server.ChatRequestCount);
    }

    [Fact]
    public async Task The_label_is_read_after_the_reasoning_never_from_it()
    {
        _server.Style = FakeLlmStyle.FreeText;
        _server.Answer = _ => "<think>It could be Work, since it is about hosting.</think>Finance";

        var decision = await Classifier(Connection()).ClassifyAsync(Invoice, Ct);

        Assert.Equal("Finance", decision.Label);
        Assert.Equal(1, _server.ChatRequestCount);
    }

    [Fact]
    public async Task A_model_that_names_a_label_to_reject_it_never_gets_that_label()
    {
        // Every answer rejects the label it names: read naively, each would become that label.
        _server.Style = FakeLlmStyle.FreeText;
        _server.Answer = _ => "This is not Finance.";

        var decision = await Classifier(Connection()).ClassifyAsync(Invoice, Ct);

        Assert.Equal(("Review", DecisionSource.Fallback), (decision.Label, decision.Source));
        Assert.Equal(2, _server.ChatRequestCount);
        Assert.Contains("is not one of the labels", _server.Requests[1].User, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejected_label_followed_by_a_clear_correction_is_the_corrected_label()
    {
        _server.Style = FakeLlmStyle.FreeText;
        _server.Answer = r => r.Messages.Count > 2 ? "{\"label\": \"Work\"}" : "Not Finance; maybe Work or Newsletters.";

        var decision = await Classifier(Connection()).ClassifyAsync(Invoice, Ct);

        Assert.Equal(("Work", DecisionSource.Llm), (decision.Label, decision.Source));
    }

    [Theory]
    [InlineData("Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", "max_tokens")]
    [InlineData("Unsupported value: 'temperature' does not support 0 with this model. Only the default (1) value is supported.", "temperature")]
    [InlineData("Unrecognized request argument supplied: chat_template_kwargs", "chat_template_kwargs")]
    public async Task A_refused_optional_field_is_dropped_from_then_on(string refusal, string field)
    {
        _server.Answer = _ => "Finance";
        _server.EnqueueFault(new FakeLlmFault.BadRequest(refusal));
        var classifier = Classifier(Connection(o => o.Server = "vllm"));

        var first = await classifier.ClassifyAsync(Invoice, Ct);
        var second = await classifier.ClassifyAsync(Invoice with { Id = "m2" }, Ct);

        Assert.Equal(["Finance", "Finance"], new[] { first.Label, second.Label });
        Assert.Equal(3, _server.ChatRequestCount);
        Assert.Contains(field, _server.Requests[0].TopLevelFields);
        Assert.DoesNotContain(field, _server.Requests[1].TopLevelFields);
        Assert.DoesNotContain(field, _server.Requests[2].TopLevelFields);
    }

    [Fact]
    public async Task Litellms_400_for_an_unknown_model_is_model_not_found_with_the_list()
    {
        _server.Models.Add("anthropic/claude-haiku-4-5");
        _server.EnqueueFault(new FakeLlmFault.BadRequest("/chat/completions: Invalid model name passed in model=test-model. Call `/v1/models` to view available models for your key."));

        var error = await Assert.ThrowsAsync<LlmException>(() => Classifier(Connection(o => o.Server = "litellm")).ClassifyAsync(Invoice, Ct));

        Assert.Equal(LlmFailure.ModelNotFound, error.Failure);
        Assert.StartsWith("Model not found:", error.Message, StringComparison.Ordinal);
        Assert.Contains("Models it offers: anthropic/claude-haiku-4-5, test-model.", error.Message, StringComparison.Ordinal);
    }
}
