using EmailTriage.Llm;
using EmailTriage.Classification;
using EmailTriage.Core.Tests.Support;
using EmailTriage.Health;
using EmailTriage.Mail;
using EmailTriage.Testing;

namespace EmailTriage.Llm.Tests;

/// <summary>
/// The real SDK pipeline against the loopback server answering exactly as each real server does: every shape ends
/// with a configured label or a clear error, what we send is what that server reads, and the kind is told by itself.
/// </summary>
public sealed class RealServerShapesTests : IAsyncLifetime
{
    private static readonly MailMessage Invoice = TestMail.Invoice;

    private FakeLlmServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<FakeLlmShape> Shapes => new(Enum.GetValues<FakeLlmShape>().Where(s => s != FakeLlmShape.Generic));

    public static TheoryData<FakeLlmShape, string?> FinishReasons
    {
        get
        {
            var data = new TheoryData<FakeLlmShape, string?>();
            foreach (var shape in Enum.GetValues<FakeLlmShape>())
            {
                foreach (var reason in FakeLlmServer.FinishReasonsOf(shape).Append("repetition").Distinct())
                {
                    data.Add(shape, reason ?? FakeLlmServer.NullFinishReason);
                }

                data.Add(shape, FakeLlmServer.OmitFinishReason);
            }

            return data;
        }
    }

    public async ValueTask InitializeAsync()
    {
        _server = await FakeLlmServer.StartAsync(Ct);
        _server.Answer = _ => "Finance";
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private LlmConnection Connection(string model = "test-model") => LlmSetup.Connection(_server.BaseUrl, o => o.Model = model);

    private static Task<Decision> ClassifyAsync(LlmConnection connection) => LlmSetup.Classifier(connection, TestLabels.Standard).ClassifyAsync(Invoice, Ct);

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Each_server_answers_a_label_within_the_answer_budget_it_reads(FakeLlmShape shape)
    {
        _server.Shape = shape;

        var decision = await ClassifyAsync(Connection());

        Assert.Equal(("Finance", DecisionSource.Llm), (decision.Label, decision.Source));
        var request = Assert.Single(_server.Requests);
        Assert.Null(request.Rejection);
        Assert.Equal(LlmConnection.AnswerBudget, request.BudgetRead);
    }

    [Theory]
    [InlineData(FakeLlmShape.Ollama, LlmServerKind.Ollama)]
    [InlineData(FakeLlmShape.MlxLm, LlmServerKind.MlxLm)]
    [InlineData(FakeLlmShape.MlxLmOld, LlmServerKind.MlxLm)]
    [InlineData(FakeLlmShape.Vllm, LlmServerKind.Vllm)]
    [InlineData(FakeLlmShape.LlamaCpp, LlmServerKind.LlamaCpp)]
    [InlineData(FakeLlmShape.OpenAi, LlmServerKind.Unknown)]
    [InlineData(FakeLlmShape.LiteLlm, LlmServerKind.Unknown)]
    [InlineData(FakeLlmShape.Together, LlmServerKind.Unknown)]
    public async Task The_kind_of_a_self_hosted_server_is_told_from_its_models_list(FakeLlmShape shape, LlmServerKind kind)
    {
        // The clouds are told by their host names, which a loopback server cannot have; what they are sent works anyway.
        _server.Shape = shape;
        var connection = Connection();

        await ClassifyAsync(connection);

        Assert.Equal(kind, connection.Kind);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task A_thinking_model_still_yields_its_label(FakeLlmShape shape)
    {
        _server.Shape = shape;
        _server.Thinking = new FakeLlmThinking(300);
        var connection = Connection();

        var first = await ClassifyAsync(connection);
        var second = await ClassifyAsync(connection);

        Assert.Equal(("Finance", DecisionSource.Llm), (first.Label, first.Source));
        Assert.Equal(("Finance", DecisionSource.Llm), (second.Label, second.Source));
        var switchedOff = _server.Requests[0].ThinkingSwitchedOff;
        Assert.Equal(shape is FakeLlmShape.Ollama or FakeLlmShape.MlxLm or FakeLlmShape.Vllm or FakeLlmShape.LlamaCpp, switchedOff);

        // Switched off: one call each. Otherwise the first answer is all reasoning, asked once more with room, and the
        // second message starts with that room.
        Assert.Equal(switchedOff ? [1, 1] : [2, 1], new[] { first.Usage.Calls, second.Usage.Calls });
        Assert.All(_server.Requests, r => Assert.Null(r.Rejection));
    }

    [Theory]
    [MemberData(nameof(FinishReasons))]
    public async Task Any_finish_reason_or_none_gives_the_label(FakeLlmShape shape, string? finishReason)
    {
        _server.Shape = shape;
        _server.FinishReasonOverride = finishReason;

        var decision = await ClassifyAsync(Connection());

        Assert.Equal("Finance", decision.Label);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Odd_but_valid_answers_give_the_label_and_missing_usage_is_estimated(FakeLlmShape shape)
    {
        _server.Shape = shape;
        _server.OmitUsage = true;
        _server.ContentAsParts = true;
        _server.ExtraFields = true;

        var decision = await ClassifyAsync(Connection());

        Assert.Equal("Finance", decision.Label);
        Assert.Equal(1, decision.Usage.EstimatedCalls);
        Assert.InRange(decision.Usage.PromptTokens, 50, 2000);
        Assert.InRange(decision.Usage.CompletionTokens, 1, 20);
    }

    [Theory]
    [InlineData(FakeLlmShape.OpenAi, "does not exist or you do not have access to it")]
    [InlineData(FakeLlmShape.Together, "Unable to access model")]
    [InlineData(FakeLlmShape.LiteLlm, "Invalid model name passed in model=gpt-nano")]
    [InlineData(FakeLlmShape.Ollama, "Pull it (ollama pull gpt-nano)")]
    [InlineData(FakeLlmShape.MlxLm, "(mlx_lm.server) was asked for 'gpt-nano' and it could not load it: Repository Not Found")]
    [InlineData(FakeLlmShape.MlxLmOld, "(mlx_lm.server) was asked for 'gpt-nano' and it answers 404 Not Found when it cannot load a model")]
    [InlineData(FakeLlmShape.Vllm, "The model `gpt-nano` does not exist.")]
    public async Task Each_servers_unknown_model_is_model_not_found_with_the_models_it_offers(FakeLlmShape shape, string detail)
    {
        _server.Shape = shape;

        var error = await Assert.ThrowsAsync<LlmException>(() => ClassifyAsync(Connection("gpt-nano")));

        Assert.Equal(LlmFailure.ModelNotFound, error.Failure);
        Assert.StartsWith("Model not found: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(detail, error.Message, StringComparison.Ordinal);
        Assert.Contains("test-model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_llama_cpp_server_serves_its_one_model_whatever_the_name()
    {
        _server.Shape = FakeLlmShape.LlamaCpp;

        var decision = await ClassifyAsync(Connection("anything"));

        Assert.Equal("Finance", decision.Label);
    }

    [Fact]
    public async Task Ollama_serves_a_name_as_its_latest_tag_and_check_agrees()
    {
        _server.Shape = FakeLlmShape.Ollama;
        _server.Models.Clear();
        _server.Models.Add("llama3.2:latest");
        using var harness = Harness("llama3.2");

        var report = await harness.Get<HealthCheck>().RunAsync(HealthCheckDepth.Full, Ct);

        var llm = report.Items.Where(i => i.Name.StartsWith("llm", StringComparison.Ordinal)).ToList();
        Assert.Equal([("llm", HealthStatus.Ok), ("llm classification", HealthStatus.Ok)], llm.Select(i => (i.Name, i.Status)));
        Assert.Contains("(Ollama) answers and lists 1 model(s)", llm[0].Detail, StringComparison.Ordinal);
        Assert.Contains("Finance (llm)", llm[1].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ollama_with_nothing_pulled_says_to_pull_the_model()
    {
        _server.Shape = FakeLlmShape.Ollama;
        _server.Models.Clear();
        using var harness = Harness("llama3.2");

        var report = await harness.Get<HealthCheck>().RunAsync(HealthCheckDepth.Quick, Ct);
        var error = await Assert.ThrowsAsync<LlmException>(() => ClassifyAsync(Connection("llama3.2")));

        var model = Assert.Single(report.Items, i => i.Name == "llm model");
        Assert.Equal(HealthStatus.BadConfiguration, model.Status);
        Assert.False(report.Healthy);
        Assert.EndsWith("Ollama has no models pulled: run ollama pull llama3.2.", model.Detail, StringComparison.Ordinal);
        Assert.Equal(LlmFailure.ModelNotFound, error.Failure);
        Assert.EndsWith("Ollama has no models pulled: run ollama pull llama3.2.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_openai_reasoning_model_is_answered_without_the_fields_it_refuses()
    {
        _server.Shape = FakeLlmShape.OpenAi;
        _server.ReasoningModel = true;
        _server.Thinking = new FakeLlmThinking(200);
        var connection = Connection();

        var first = await ClassifyAsync(connection);
        var second = await ClassifyAsync(connection);

        Assert.Equal(["Finance", "Finance"], new[] { first.Label, second.Label });
        Assert.Equal(
            ["Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", "Unsupported value: 'temperature' does not support 0 with this model. Only the default (1) value is supported."],
            _server.Requests.Select(r => r.Rejection).OfType<string>());
        var last = _server.Requests[^1];
        Assert.Null(last.MaxTokens);
        Assert.Null(last.Temperature);
        Assert.Equal(connection.ThinkingBudget, last.BudgetRead);
    }

    private TriageHarness Harness(string model) => new(_server.BaseUrl, new Dictionary<string, string?> { ["LLM_MODEL"] = model });
}
