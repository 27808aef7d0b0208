using System.Text.Json;
using EmailTriage.Functions.Tests.Support;
using EmailTriage.Testing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

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

    [Fact]
    public async Task With_a_mailbox_that_has_a_learned_model_the_model_decides_where_it_is_sure()
    {
        await using var llm = await FakeLlmServer.StartAsync(TestContext.Current.CancellationToken);
        llm.Answer = _ => "Work";
        await using var workspace = (await FunctionsWorkspace.StartAsync(messages: 0)).WithLlm(llm.BaseUrl).With("LEARNED_TARGET_PRECISION", "0");
        var folder = Path.Combine(workspace.Directory, "home");
        Directory.CreateDirectory(folder);
        var list = Path.Combine(workspace.Directory, "mailboxes.json");
        await File.WriteAllTextAsync(list, "{\"mailboxes\": [{\"name\": \"home\", \"kind\": \"folder\", \"path\": \"home\"}]}", TestContext.Current.CancellationToken);
        workspace.With("MAILBOXES_FILE", list);
        await TrainAsync(workspace, folder);

        var withModel = await workspace.Create<ClassifyOnDemand>().RunAsync(
            FunctionsWorkspace.Request("POST", "{\"from\": \"billing@quiet-utility.example\", \"subject\": \"Your statement\", \"mailbox\": \"home\"}"),
            TestContext.Current.CancellationToken);
        var without = await workspace.Create<ClassifyOnDemand>().RunAsync(
            FunctionsWorkspace.Request("POST", "{\"from\": \"billing@quiet-utility.example\", \"subject\": \"Your statement\"}"),
            TestContext.Current.CancellationToken);
        var unknown = await workspace.Create<ClassifyOnDemand>().RunAsync(
            FunctionsWorkspace.Request("POST", "{\"from\": \"a@b.example\", \"subject\": \"Hi\", \"mailbox\": \"nope\"}"),
            TestContext.Current.CancellationToken);

        var learned = Json(Assert.IsType<OkObjectResult>(withModel));
        Assert.Equal(("Finance", "learned"), (learned.GetProperty("label").GetString(), learned.GetProperty("source").GetString()));
        Assert.Equal("llm", Json(Assert.IsType<OkObjectResult>(without)).GetProperty("source").GetString());
        Assert.Equal(400, Assert.IsType<ObjectResult>(unknown).StatusCode);
    }

    /// <summary>A learned model saved beside the folder's mail, trained on bank statements filed under Finance and colleagues' mail under Work.</summary>
    private static async Task TrainAsync(FunctionsWorkspace workspace, string folder)
    {
        var services = workspace.Services;
        var labels = services.GetRequiredService<EmailTriage.Labels.LabelConfigLoader>().Load();
        var filed = new List<EmailTriage.Filing.FiledMessage>();
        for (var i = 0; i < 12; i++)
        {
            filed.Add(new(new EmailTriage.Mail.MailMessage { Id = $"f{i}", From = "billing@quiet-utility.example", FromAddress = "billing@quiet-utility.example", Subject = $"Statement {i}", Body = "Your monthly statement is ready." }, "Finance"));
            filed.Add(new(new EmailTriage.Mail.MailMessage { Id = $"w{i}", From = $"c{i}@corp.example", FromAddress = $"c{i}@corp.example", Subject = $"Project item {i}", Body = "Please review the plan." }, "Work"));
        }

        var models = services.GetRequiredService<EmailTriage.Filing.IFilingModels>();
        var model = models.Train(filed, labels, TestContext.Current.CancellationToken);
        await models.SaveAsync(model, new EmailTriage.State.FileStateStore(Path.Combine(folder, ".emailtriage")), EmailTriage.Filing.IFilingModels.ModelName, TestContext.Current.CancellationToken);
    }
}
