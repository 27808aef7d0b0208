using System.Text.Json;
using EmailTriage.Functions.Tests.Support;
using EmailTriage.Testing;
using Microsoft.AspNetCore.Mvc;

namespace EmailTriage.Functions.Tests;

/// <summary><c>GET /api/status</c>: each listed mailbox with the last run its blob state store recorded.</summary>
public sealed class StatusOnDemandTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Lists_each_mailbox_with_its_last_run_and_no_secret()
    {
        await using var llm = await FakeLlmServer.StartAsync(Ct);
        llm.Answer = _ => "Work";
        var (workspace, _) = await MailboxListWorkspace.StartAsync(azurite.Server, llm, mailboxes: 2, messages: 3);
        await using var __ = workspace;
        await workspace.Create<TriageQueuedMailbox>().TriageAsync("m01", Ct);

        var result = await workspace.Create<StatusOnDemand>().RunAsync(FunctionsWorkspace.Request("GET"), Ct);

        var text = JsonSerializer.Serialize(Assert.IsType<OkObjectResult>(result).Value);
        var mailboxes = JsonDocument.Parse(text).RootElement.GetProperty("mailboxes").EnumerateArray().ToList();
        Assert.Equal(["m01", "m02"], mailboxes.Select(m => m.GetProperty("name").GetString()));
        Assert.All(mailboxes, m => Assert.Equal("folder", m.GetProperty("kind").GetString()));
        var lastRun = mailboxes[0].GetProperty("lastRun");
        Assert.Equal(3, lastRun.GetProperty("labelled").GetInt32());
        Assert.Equal(JsonValueKind.Null, lastRun.GetProperty("stoppedBecause").ValueKind);
        Assert.Equal(JsonValueKind.Null, mailboxes[1].GetProperty("lastRun").ValueKind);
        Assert.DoesNotContain(AzuriteServer.AccountKey, text, StringComparison.Ordinal);
    }
}
