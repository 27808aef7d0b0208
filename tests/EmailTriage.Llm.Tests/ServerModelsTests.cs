using EmailTriage.Llm;
using EmailTriage.Classification;

namespace EmailTriage.Llm.Tests;

/// <summary>GET /v1/models bodies as each server writes them.</summary>
public sealed class ServerModelsTests
{
    private static ServerModels Parse(string json, Dictionary<string, string>? headers = null) =>
        ServerModels.Parse(BinaryData.FromString(json), name => headers is not null && headers.TryGetValue(name, out var v) ? v : null);

    [Fact]
    public void Ollama_with_nothing_pulled_is_an_empty_list()
    {
        var models = Parse("""{"object": "list", "data": null}""");

        Assert.Empty(models.Ids);
        Assert.Equal(LlmServerKind.Ollama, models.Kind);
    }

    [Fact]
    public void Ollama_library_models_are_told_by_their_owner()
    {
        var models = Parse("""{"object": "list", "data": [{"id": "qwen3:4b", "object": "model", "created": 1, "owned_by": "library"}, {"id": "llama3.2:latest", "object": "model", "created": 1, "owned_by": "library"}]}""");

        Assert.Equal(["llama3.2:latest", "qwen3:4b"], models.Ids);
        Assert.Equal(LlmServerKind.Ollama, models.Kind);
    }

    [Theory]
    [InlineData("llama3.2", true)]
    [InlineData("llama3.2:latest", true)]
    [InlineData("llama3.2:1b", false)]
    [InlineData("Llama3.2", false)]
    public void A_name_and_its_latest_tag_are_the_same_model(string requested, bool offered)
    {
        var models = Parse("""{"data": [{"id": "llama3.2:latest", "owned_by": "library"}]}""");

        Assert.Equal(offered, models.Offers(requested));
    }

    [Theory]
    [InlineData("""{"data": [{"id": "Qwen/Qwen3-8B", "object": "model", "owned_by": "vllm", "root": "Qwen/Qwen3-8B", "max_model_len": 32768}]}""", LlmServerKind.Vllm)]
    [InlineData("""{"object": "list", "data": [{"id": "qwen3.gguf", "object": "model", "owned_by": "llamacpp", "meta": {}}]}""", LlmServerKind.LlamaCpp)]
    [InlineData("""{"object": "list", "data": [{"id": "gpt-4o-mini", "object": "model", "created": 1, "owned_by": "system"}]}""", LlmServerKind.Unknown)]
    public void Servers_that_own_their_models_by_name_are_told(string json, LlmServerKind kind)
    {
        Assert.Equal(kind, Parse(json).Kind);
    }

    [Fact]
    public void LiteLlm_is_told_by_its_headers_and_mlx_by_pythons_server()
    {
        const string Json = """{"object": "list", "data": [{"id": "claude", "object": "model", "created": 1, "owned_by": "openai"}]}""";

        Assert.Equal(LlmServerKind.LiteLlm, Parse(Json, new() { ["x-litellm-version"] = "1.74.0" }).Kind);
        Assert.Equal(LlmServerKind.MlxLm, Parse("""{"object": "list", "data": [{"id": "mlx-community/Llama-3.2-3B-Instruct-4bit", "object": "model", "created": 1}]}""",
            new() { ["Server"] = "BaseHTTP/0.6 Python/3.12.7" }).Kind);
    }

    [Fact]
    public void Togethers_bare_array_is_a_list()
    {
        var models = Parse("""[{"id": "meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo", "object": "model", "created": 0, "type": "chat", "display_name": "Llama", "organization": "Meta", "context_length": 131072}]""");

        Assert.Equal(["meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo"], models.Ids);
    }

    [Fact]
    public void A_body_without_data_is_refused()
    {
        Assert.Throws<System.Text.Json.JsonException>(() => Parse("""{"models": []}"""));
    }
}
