using System.Text.Json;
using EmailTriage.Functions.Tests.Support;
using EmailTriage.Testing;
using Microsoft.AspNetCore.Mvc;

namespace EmailTriage.Functions.Tests;

/// <summary><c>POST /api/triage</c> with <c>mailbox</c> over a mailbox list, its state and queue in Azurite.</summary>
public sealed class TriageOnDemandMailboxTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_named_mailbox_is_triaged_alone_and_named_in_the_answer()
    {
        await using var llm = await FakeLlmServer.StartAsync(Ct);
        llm.Answer = _ => "Work";
        var (workspace, _) = await MailboxListWorkspace.StartAsync(azurite.Server, llm, mailboxes: 2, messages: 2);
        await using var __ = workspace;

        var result = await workspace.Create<TriageOnDemand>().RunAsync(FunctionsWorkspace.Request("POST", """{"mailbox": "m02"}"""), Ct);

        var json = Json(Assert.IsType<OkObjectResult>(result));
        Assert.Equal("m02", json.GetProperty("mailbox").GetString());
        Assert.Equal(2, json.GetProperty("summary").GetProperty("applied").GetInt32());
        Assert.Equal((0, 2), (MailboxListWorkspace.Triaged(workspace, "m01"), MailboxListWorkspace.Triaged(workspace, "m02")));
    }

    [Fact]
    public async Task An_unknown_mailbox_is_a_bad_request_naming_the_known_ones()
    {
        await using var llm = await FakeLlmServer.StartAsync(Ct);
        var (workspace, _) = await MailboxListWorkspace.StartAsync(azurite.Server, llm, mailboxes: 2, messages: 1);
        await using var __ = workspace;

        var result = await workspace.Create<TriageOnDemand>().RunAsync(FunctionsWorkspace.Request("POST", query: "?mailbox=work"), Ct);

        var problem = Assert.IsType<ObjectResult>(result);
        Assert.Equal(400, problem.StatusCode);
        Assert.Equal("there is no mailbox 'work' in the mailbox list; use one of: m01, m02, or all.", Json(problem).GetProperty("error").GetString());
        Assert.Equal(0, llm.ChatRequestCount);
    }

    [Fact]
    public async Task All_queues_every_mailbox_on_a_host_that_fans_out()
    {
        await using var llm = await FakeLlmServer.StartAsync(Ct);
        var (workspace, queue) = await MailboxListWorkspace.StartAsync(azurite.Server, llm, mailboxes: 3, messages: 1);
        await using var __ = workspace;

        var result = await workspace.Create<TriageOnDemand>().RunAsync(FunctionsWorkspace.Request("POST", """{"mailbox": "all"}"""), Ct);

        Assert.Equal(["m01", "m02", "m03"], Json(Assert.IsType<AcceptedResult>(result)).GetProperty("queued").EnumerateArray().Select(e => e.GetString()));
        var messages = (await new QueueHost(azurite.Server.ConnectionString, queue).Queue.ReceiveMessagesAsync(32, cancellationToken: Ct)).Value;
        Assert.Equal(["m01", "m02", "m03"], messages.Select(m => m.MessageText).Order());
        Assert.Equal(0, llm.ChatRequestCount);
    }

    private static JsonElement Json(ObjectResult result) => JsonDocument.Parse(JsonSerializer.Serialize(result.Value)).RootElement;
}
