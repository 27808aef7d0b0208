using System.Text.Json;
using EmailTriage.Functions.Tests.Support;
using EmailTriage.Testing;
using Microsoft.AspNetCore.Mvc;

namespace EmailTriage.Functions.Tests;

public sealed class ClassifyOnDemandTests
{
    [Fact]
    public async Task Returns_the_label_its_source_and_reason()
    {
        await using var llm = await FakeLlmServer.StartAsync(TestContext.Current.CancellationToken);
        llm.Answer = request => request.User.Contains("Subject: Your invoice", StringComparison.Ordinal) ? "Finance" : "Work";
        await using var workspace = (await FunctionsWorkspace.StartAsync(messages: 0)).WithLlm(llm.BaseUrl);

        var result = await workspace.Create<ClassifyOnDemand>().RunAsync(
            FunctionsWorkspace.Request("POST", "{\"from\": \"billing@shop.example\", \"subject\": \"Your invoice\", \"body\": \"12 EUR due\"}"),
            TestContext.Current.CancellationToken);

        var json = Json(Assert.IsType<OkObjectResult>(result));
        Assert.Equal("Finance", json.GetProperty("label").GetString());
        Assert.Equal("llm", json.GetProperty("source").GetString());
        Assert.Contains("test-model", json.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"from\": \"a@b.example\"}", "subject")]
    [InlineData("{\"subject\": \"Hi\"}", "from")]
    [InlineData("not json", "JSON")]
    public async Task Missing_fields_get_400(string body, string named)
    {
        await using var workspace = await FunctionsWorkspace.StartAsync(messages: 0);

        var result = await workspace.Create<ClassifyOnDemand>().RunAsync(FunctionsWorkspace.Request("POST", body), TestContext.Current.CancellationToken);

        var error = Assert.IsType<ObjectResult>(result);
        Assert.Equal(400, error.StatusCode);
        Assert.Contains(named, Json(error).GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_key_gives_503_with_authentication_failed()
    {
        await using var llm = await FakeLlmServer.StartAsync(TestContext.Current.CancellationToken);
        llm.RequiredApiKey = "right";
        await using var workspace = (await FunctionsWorkspace.StartAsync(messages: 0)).WithLlm(llm.BaseUrl).With("LLM_API_KEY", "wrong");

        var result = await workspace.Create<ClassifyOnDemand>().RunAsync(
            FunctionsWorkspace.Request("POST", "{\"from\": \"friend@mail.example\", \"subject\": \"Dinner?\"}"),
            TestContext.Current.CancellationToken);

        var error = Assert.IsType<ObjectResult>(result);
        Assert.Equal(503, error.StatusCode);
        Assert.StartsWith("Authentication failed", Json(error).GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_the_server_does_not_have_is_misconfiguration_500_as_for_triage()
    {
        await using var llm = await FakeLlmServer.StartAsync(TestContext.Current.CancellationToken);
        await using var workspace = (await FunctionsWorkspace.StartAsync(messages: 0)).WithLlm(llm.BaseUrl).With("LLM_MODEL", "gpt-9");

        var result = await workspace.Create<ClassifyOnDemand>().RunAsync(
            FunctionsWorkspace.Request("POST", "{\"from\": \"friend@mail.example\", \"subject\": \"Dinner?\"}"),
            TestContext.Current.CancellationToken);

        var error = Assert.IsType<ObjectResult>(result);
        Assert.Equal(500, error.StatusCode);
        Assert.StartsWith("Model not found", Json(error).GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    private static JsonElement Json(ObjectResult result) => JsonDocument.Parse(JsonSerializer.Serialize(result.Value)).RootElement;
}
