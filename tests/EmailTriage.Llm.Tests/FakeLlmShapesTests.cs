using EmailTriage.Llm;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using EmailTriage.Testing;

namespace EmailTriage.Llm.Tests;

/// <summary>Documents, over real HTTP, how <see cref="FakeLlmServer"/> imitates each real server (docs/llm_compatibility_facts.md).</summary>
public sealed class FakeLlmShapesTests : IAsyncLifetime
{
    private static readonly HttpClient Http = new();
    private FakeLlmServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await FakeLlmServer.StartAsync(Ct);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(FakeLlmShape.Generic, "fake")]
    [InlineData(FakeLlmShape.OpenAi, "system")]
    [InlineData(FakeLlmShape.LiteLlm, "openai")]
    [InlineData(FakeLlmShape.Ollama, "library")]
    [InlineData(FakeLlmShape.Vllm, "vllm")]
    [InlineData(FakeLlmShape.LlamaCpp, "llamacpp")]
    [InlineData(FakeLlmShape.MlxLm, null)]
    [InlineData(FakeLlmShape.MlxLmOld, null)]
    public async Task Models_list_says_who_owns_the_model(FakeLlmShape shape, string? ownedBy)
    {
        _server.Shape = shape;

        var (status, body) = await GetModelsAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        var card = JsonNode.Parse(body)!["data"]![0]!.AsObject();
        Assert.Equal("test-model", (string?)card["id"]);
        Assert.Equal(ownedBy, card.TryGetPropertyValue("owned_by", out var owner) ? (string?)owner : null);
    }

    [Fact]
    public async Task Ollama_with_nothing_pulled_lists_data_null()
    {
        _server.Shape = FakeLlmShape.Ollama;
        _server.Models.Clear();

        var (_, body) = await GetModelsAsync();

        Assert.Equal("""{"object":"list","data":null}""", body);
    }

    [Fact]
    public async Task Ollama_owned_by_is_the_namespace_of_the_name()
    {
        _server.Shape = FakeLlmShape.Ollama;
        _server.Models.Clear();
        _server.Models.AddRange(["llama3.2:latest", "someone/model:7b"]);

        var data = JsonNode.Parse((await GetModelsAsync()).Body)!["data"]!.AsArray();

        Assert.Equal(["library", "someone"], data.Select(card => (string?)card!["owned_by"]));
    }

    [Fact]
    public async Task Vllm_cards_carry_root_and_max_model_len()
    {
        _server.Shape = FakeLlmShape.Vllm;

        var card = JsonNode.Parse((await GetModelsAsync()).Body)!["data"]![0]!;

        Assert.Equal("test-model", (string?)card["root"]);
        Assert.Equal(32768, (int?)card["max_model_len"]);
        Assert.Equal("model_permission", (string?)card["permission"]![0]!["object"]);
    }

    [Fact]
    public async Task Together_lists_models_as_a_bare_array()
    {
        _server.Shape = FakeLlmShape.Together;

        var root = JsonNode.Parse((await GetModelsAsync()).Body)!;

        Assert.Equal("chat", (string?)root.AsArray()[0]!["type"]);
    }

    [Theory]
    [InlineData(FakeLlmShape.Generic, 404, """{"error":{"message":"The model `nope` does not exist or you do not have access to it.","type":"invalid_request_error","param":null,"code":"model_not_found"}}""")]
    [InlineData(FakeLlmShape.OpenAi, 404, """{"error":{"message":"The model `nope` does not exist or you do not have access to it.","type":"invalid_request_error","param":null,"code":"model_not_found"}}""")]
    [InlineData(FakeLlmShape.LiteLlm, 400, """{"error":{"message":{"error":"/chat/completions: Invalid model name passed in model=nope. Call `/v1/models` to view available models for your key."},"type":"None","param":"None","code":"400"}}""")]
    [InlineData(FakeLlmShape.Ollama, 404, """{"error":{"message":"model 'nope' not found","type":"not_found_error","param":null,"code":null}}""")]
    [InlineData(FakeLlmShape.MlxLm, 404, """{"error":"Repository Not Found for url: https://huggingface.co/api/models/nope/revision/main."}""")]
    [InlineData(FakeLlmShape.MlxLmOld, 404, "Not Found")]
    [InlineData(FakeLlmShape.Vllm, 404, """{"error":{"message":"The model `nope` does not exist.","type":"NotFoundError","param":"model","code":404}}""")]
    public async Task Unknown_model_gets_the_servers_own_answer(FakeLlmShape shape, int status, string expected)
    {
        _server.Shape = shape;

        var (actualStatus, body) = await ChatAsync(Body(model: "nope"));

        Assert.Equal((HttpStatusCode)status, actualStatus);
        Assert.Equal(expected, body);
    }

    [Fact]
    public async Task Together_unknown_model_is_model_not_available()
    {
        _server.Shape = FakeLlmShape.Together;

        var (status, body) = await ChatAsync(Body(model: "nope"));

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("model_not_available", (string?)JsonNode.Parse(body)!["error"]!["code"]);
    }

    [Theory]
    [InlineData("llama3.2", HttpStatusCode.OK)]
    [InlineData("llama3.2:latest", HttpStatusCode.OK)]
    [InlineData("llama3.2:1b", HttpStatusCode.NotFound)]
    public async Task Ollama_reads_a_name_without_tag_as_latest(string model, HttpStatusCode status)
    {
        _server.Shape = FakeLlmShape.Ollama;
        _server.Models.Clear();
        _server.Models.Add("llama3.2:latest");

        Assert.Equal(status, (await ChatAsync(Body(model))).Status);
    }

    [Fact]
    public async Task LlamaCpp_serves_its_one_model_whatever_name_is_asked()
    {
        _server.Shape = FakeLlmShape.LlamaCpp;

        Assert.Equal(HttpStatusCode.OK, (await ChatAsync(Body(model: "gpt-4o"))).Status);
    }

    [Theory]
    [InlineData(FakeLlmShape.Generic, ""","max_tokens":5""", null)]
    [InlineData(FakeLlmShape.OpenAi, ""","max_tokens":5,"max_completion_tokens":7""", 7)]
    [InlineData(FakeLlmShape.OpenAi, ""","max_tokens":5""", 5)]
    [InlineData(FakeLlmShape.Together, ""","max_completion_tokens":7""", null)]
    [InlineData(FakeLlmShape.LiteLlm, ""","max_tokens":5,"max_completion_tokens":7""", 7)]
    [InlineData(FakeLlmShape.Ollama, ""","max_completion_tokens":7""", null)]
    [InlineData(FakeLlmShape.Ollama, ""","max_tokens":5,"max_completion_tokens":7""", 5)]
    [InlineData(FakeLlmShape.MlxLm, "", 512)]
    [InlineData(FakeLlmShape.MlxLm, ""","max_tokens":5,"max_completion_tokens":7""", 7)]
    [InlineData(FakeLlmShape.MlxLmOld, "", 100)]
    [InlineData(FakeLlmShape.MlxLmOld, ""","max_completion_tokens":7""", 100)]
    [InlineData(FakeLlmShape.Vllm, ""","max_tokens":5""", 5)]
    [InlineData(FakeLlmShape.LlamaCpp, ""","n_predict":3,"max_tokens":5""", 3)]
    [InlineData(FakeLlmShape.LlamaCpp, ""","max_tokens":-1""", null)]
    public async Task Budget_is_read_as_the_server_reads_it(FakeLlmShape shape, string fields, int? budget)
    {
        _server.Shape = shape;

        await ChatAsync(Body(extra: fields));

        Assert.Equal(budget, Assert.Single(_server.Requests).BudgetRead);
    }

    [Fact]
    public async Task An_answer_over_the_budget_is_cut_with_finish_reason_length()
    {
        _server.Shape = FakeLlmShape.Ollama;
        _server.Answer = _ => new string('a', 40);

        var choice = await AnswerAsync(Body(extra: ""","max_tokens":4"""));

        Assert.Equal("length", (string?)choice["finish_reason"]);
        Assert.Equal(new string('a', 16), (string?)choice["message"]!["content"]);
    }

    [Theory]
    [InlineData(FakeLlmShape.Ollama, ",\"reasoning_effort\":\"none\"", true)]
    [InlineData(FakeLlmShape.Ollama, ""","reasoning":{"effort":"none"}""", true)]
    [InlineData(FakeLlmShape.Ollama, ",\"reasoning\":{\"effort\":\"high\"},\"reasoning_effort\":\"none\"", false)]
    [InlineData(FakeLlmShape.Ollama, ""","think":false""", false)]
    [InlineData(FakeLlmShape.Ollama, ""","chat_template_kwargs":{"enable_thinking":false}""", false)]
    [InlineData(FakeLlmShape.Vllm, ""","chat_template_kwargs":{"enable_thinking":false}""", true)]
    [InlineData(FakeLlmShape.LlamaCpp, ""","chat_template_kwargs":{"enable_thinking":false}""", true)]
    [InlineData(FakeLlmShape.MlxLm, ""","chat_template_kwargs":{"enable_thinking":false}""", true)]
    [InlineData(FakeLlmShape.MlxLmOld, ""","chat_template_kwargs":{"enable_thinking":false}""", false)]
    [InlineData(FakeLlmShape.OpenAi, ",\"reasoning_effort\":\"none\"", true)]
    [InlineData(FakeLlmShape.OpenAi, ",\"reasoning_effort\":\"minimal\"", false)]
    public async Task Thinking_stops_only_for_the_servers_documented_switch(FakeLlmShape shape, string fields, bool off)
    {
        _server.Shape = shape;
        _server.ReasoningModel = true;
        _server.Thinking = new FakeLlmThinking(10);

        var (_, body) = await ChatAsync(Body(extra: fields));

        Assert.Equal(off, Assert.Single(_server.Requests).ThinkingSwitchedOff);
        // "Review" alone is 2 tokens; ten tokens of reasoning, wherever they go, are counted on top.
        Assert.Equal(off, (int?)JsonNode.Parse(body)!["usage"]!["completion_tokens"] == 2);
    }

    [Theory]
    [InlineData(FakeLlmShape.Ollama, "reasoning")]
    [InlineData(FakeLlmShape.MlxLm, "reasoning")]
    [InlineData(FakeLlmShape.Vllm, "reasoning")]
    [InlineData(FakeLlmShape.LlamaCpp, "reasoning_content")]
    [InlineData(FakeLlmShape.LiteLlm, "reasoning_content")]
    public async Task Reasoning_goes_in_the_servers_field(FakeLlmShape shape, string field)
    {
        _server.Shape = shape;
        _server.Thinking = new FakeLlmThinking(10);

        var message = (await AnswerAsync(Body()))["message"]!;

        Assert.Equal(40, ((string?)message[field])?.Length);
        Assert.Equal("Review", (string?)message["content"]);
    }

    [Theory]
    [InlineData(FakeLlmShape.Generic)]
    [InlineData(FakeLlmShape.MlxLmOld)]
    public async Task Reasoning_without_a_parser_is_inline_think(FakeLlmShape shape)
    {
        _server.Shape = shape;
        _server.Thinking = new FakeLlmThinking(10);

        var content = (string?)(await AnswerAsync(Body()))["message"]!["content"];

        Assert.StartsWith("<think>\n", content, StringComparison.Ordinal);
        Assert.EndsWith("</think>\n\nReview", content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAi_hides_reasoning_and_counts_it_in_usage()
    {
        _server.Shape = FakeLlmShape.OpenAi;
        _server.Thinking = new FakeLlmThinking(10);

        var (_, body) = await ChatAsync(Body());

        var root = JsonNode.Parse(body)!;
        Assert.Equal(10, (int?)root["usage"]!["completion_tokens_details"]!["reasoning_tokens"]);
        Assert.Equal(12, (int?)root["usage"]!["completion_tokens"]);
        Assert.DoesNotContain("reasoning\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_test_can_move_the_reasoning()
    {
        _server.Shape = FakeLlmShape.Vllm;
        _server.Thinking = new FakeLlmThinking(10, FakeLlmReasoningPlacement.ReasoningContent);

        var message = (await AnswerAsync(Body()))["message"]!.AsObject();

        Assert.True(message.ContainsKey("reasoning_content"));
        Assert.False(message.ContainsKey("reasoning"));
    }

    [Theory]
    [InlineData(FakeLlmShape.Vllm, null)]
    [InlineData(FakeLlmShape.MlxLm, null)]
    [InlineData(FakeLlmShape.Ollama, "")]
    [InlineData(FakeLlmShape.LlamaCpp, "")]
    public async Task Reasoning_that_fills_a_32_token_budget_leaves_no_answer(FakeLlmShape shape, string? content)
    {
        _server.Shape = shape;
        _server.Thinking = new FakeLlmThinking(200);

        var choice = await AnswerAsync(Body(extra: ""","max_tokens":32"""));

        Assert.Equal("length", (string?)choice["finish_reason"]);
        Assert.Equal(content, (string?)choice["message"]!["content"]);
    }

    [Fact]
    public async Task OpenAi_rejects_an_unknown_field_with_its_own_body()
    {
        _server.Shape = FakeLlmShape.OpenAi;

        var (status, body) = await ChatAsync(Body(extra: ""","chat_template_kwargs":{"enable_thinking":false}"""));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("""{"error":{"message":"Unrecognized request argument supplied: chat_template_kwargs","type":"invalid_request_error","param":null,"code":null}}""", body);
        Assert.Equal("Unrecognized request argument supplied: chat_template_kwargs", Assert.Single(_server.Requests).Rejection);
    }

    [Theory]
    [InlineData(",\"reasoning_effort\":\"low\"", "Unrecognized request argument supplied: reasoning_effort")]
    [InlineData(",\"top_k\":5,\"enable_thinking\":false", "Unrecognized request arguments supplied: enable_thinking, top_k")]
    public async Task OpenAi_rejects_what_a_non_reasoning_model_does_not_know(string fields, string message)
    {
        _server.Shape = FakeLlmShape.OpenAi;

        var (status, body) = await ChatAsync(Body(extra: fields));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(message, (string?)JsonNode.Parse(body)!["error"]!["message"]);
    }

    [Theory]
    [InlineData(""","max_tokens":32""", """{"error":{"message":"Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.","type":"invalid_request_error","param":"max_tokens","code":"unsupported_parameter"}}""")]
    [InlineData(""","temperature":0""", """{"error":{"message":"Unsupported value: 'temperature' does not support 0 with this model. Only the default (1) value is supported.","type":"invalid_request_error","param":"temperature","code":"unsupported_value"}}""")]
    public async Task OpenAi_reasoning_model_rejects_max_tokens_and_temperature(string fields, string expected)
    {
        _server.Shape = FakeLlmShape.OpenAi;
        _server.ReasoningModel = true;

        var (status, body) = await ChatAsync(Body(extra: fields));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(expected, body);
    }

    [Fact]
    public async Task OpenAi_reasoning_model_takes_max_completion_tokens_and_temperature_1()
    {
        _server.Shape = FakeLlmShape.OpenAi;
        _server.ReasoningModel = true;

        var (status, _) = await ChatAsync(Body(extra: ""","max_completion_tokens":32,"temperature":1"""));

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Ollama_rejects_a_reasoning_effort_it_does_not_know()
    {
        _server.Shape = FakeLlmShape.Ollama;

        var (status, body) = await ChatAsync(Body(extra: ",\"reasoning_effort\":\"off\""));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("invalid reasoning value: \"off\"", (string?)JsonNode.Parse(body)!["error"]!["message"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(FakeLlmShape.Generic, """{"error":{"message":"We could not parse the JSON body of your request.","type":"invalid_request_error","param":null,"code":"invalid_request_error"}}""")]
    [InlineData(FakeLlmShape.Ollama, """{"error":{"message":"We could not parse the JSON body of your request.","type":"invalid_request_error","param":null,"code":null}}""")]
    [InlineData(FakeLlmShape.MlxLm, """{"error":"Invalid JSON in request body: We could not parse the JSON body of your request."}""")]
    [InlineData(FakeLlmShape.LlamaCpp, """{"error":{"code":400,"message":"We could not parse the JSON body of your request.","type":"invalid_request_error"}}""")]
    public async Task A_body_that_is_not_json_gets_the_servers_error_envelope(FakeLlmShape shape, string expected)
    {
        _server.Shape = shape;

        var (status, body) = await ChatAsync("{not json");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(expected, body);
    }

    [Fact]
    public async Task MlxLm_ignores_response_format_and_answers_free_text()
    {
        _server.Shape = FakeLlmShape.MlxLm;

        var choice = await AnswerAsync(Body(extra: ""","response_format":{"type":"json_schema","json_schema":{"name":"t","schema":{"type":"object"}}}"""));

        Assert.Equal("Review", (string?)choice["message"]!["content"]);
    }

    [Theory]
    [InlineData(FakeLlmShape.Vllm, "uvicorn")]
    [InlineData(FakeLlmShape.LlamaCpp, "llama.cpp")]
    [InlineData(FakeLlmShape.OpenAi, "cloudflare")]
    public async Task Server_header_names_the_server(FakeLlmShape shape, string server)
    {
        _server.Shape = shape;

        using var response = await Http.GetAsync(new Uri(_server.BaseUrl + "/models"), Ct);

        Assert.Equal(server, response.Headers.Server.ToString());
    }

    [Theory]
    [InlineData("length", "\"finish_reason\":\"length\"")]
    [InlineData(FakeLlmServer.NullFinishReason, "\"finish_reason\":null")]
    public async Task Finish_reason_can_be_overridden(string value, string expected)
    {
        _server.FinishReasonOverride = value;

        Assert.Contains(expected, (await ChatAsync(Body())).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Finish_reason_can_be_left_out()
    {
        _server.FinishReasonOverride = FakeLlmServer.OmitFinishReason;

        Assert.False((await AnswerAsync(Body())).ContainsKey("finish_reason"));
    }

    [Fact]
    public async Task Usage_can_be_left_out()
    {
        _server.OmitUsage = true;

        Assert.DoesNotContain("usage", (await ChatAsync(Body())).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Content_can_come_as_text_parts()
    {
        _server.ContentAsParts = true;

        var part = (await AnswerAsync(Body()))["message"]!["content"]![0]!;

        Assert.Equal("text", (string?)part["type"]);
        Assert.Equal("Review", (string?)part["text"]);
    }

    [Fact]
    public async Task Extra_fields_are_added_on_request()
    {
        _server.ExtraFields = true;

        var (_, body) = await ChatAsync(Body());

        var root = JsonNode.Parse(body)!.AsObject();
        Assert.True(root.ContainsKey("x_groq"));
        Assert.True(root.ContainsKey("system_fingerprint"));
        Assert.True(root["choices"]![0]!.AsObject().ContainsKey("stop_reason"));
    }

    [Fact]
    public async Task Generic_answer_keeps_its_historical_fields()
    {
        var root = JsonNode.Parse((await ChatAsync(Body(extra: ""","max_tokens":1"""))).Body)!.AsObject();

        Assert.Equal(["id", "object", "created", "model", "choices", "usage"], root.Select(p => p.Key));
        Assert.Equal(["index", "message", "finish_reason"], root["choices"]![0]!.AsObject().Select(p => p.Key));
        Assert.Equal("stop", (string?)root["choices"]![0]!["finish_reason"]);
    }

    [Fact]
    public async Task Request_records_top_level_fields_and_their_raw_json()
    {
        await ChatAsync(Body(extra: ",\"chat_template_kwargs\":{\"enable_thinking\":false},\"reasoning_effort\":\"none\""));

        var request = Assert.Single(_server.Requests);
        Assert.Equal(["model", "messages", "chat_template_kwargs", "reasoning_effort"], request.TopLevelFields);
        Assert.Equal("""{"enable_thinking":false}""", request.Field("chat_template_kwargs"));
        Assert.Equal("\"none\"", request.Field("reasoning_effort"));
        Assert.Null(request.Field("max_tokens"));
        Assert.Equal(["chat_template_kwargs"], request.UnknownFields);
    }

    [Fact]
    public void Each_shape_lists_stop_and_length_among_its_finish_reasons()
    {
        foreach (var shape in Enum.GetValues<FakeLlmShape>())
        {
            Assert.Contains("length", FakeLlmServer.FinishReasonsOf(shape));
        }

        Assert.Contains(FakeLlmServer.FinishReasonsOf(FakeLlmShape.Ollama), reason => reason is null);
    }

    private static string Body(string model = "test-model", string extra = "") =>
        $$"""{"model":"{{model}}","messages":[{"role":"user","content":"hi"}]{{extra}}}""";

    private async Task<JsonObject> AnswerAsync(string body)
    {
        var (status, text) = await ChatAsync(body);
        Assert.Equal(HttpStatusCode.OK, status);
        return JsonNode.Parse(text)!["choices"]![0]!.AsObject();
    }

    private async Task<(HttpStatusCode Status, string Body)> ChatAsync(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync(new Uri(_server.BaseUrl + "/chat/completions"), content, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    private async Task<(HttpStatusCode Status, string Body)> GetModelsAsync()
    {
        using var response = await Http.GetAsync(new Uri(_server.BaseUrl + "/models"), Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }
}
