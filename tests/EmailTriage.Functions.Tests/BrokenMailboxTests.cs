using System.Text.Json;
using EmailTriage.Functions.Tests.Support;
using EmailTriage.Testing;
using Microsoft.AspNetCore.Mvc;

namespace EmailTriage.Functions.Tests;

/// <summary>
/// A mailbox list with one broken entry (a folder that is not there, a kind this build does not have): the others work,
/// and the broken one is reported on its own, in words for an operator, never as an empty 500 or command-line advice.
/// </summary>
public sealed class BrokenMailboxTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<FunctionsWorkspace> StartAsync(FakeLlmServer llm)
    {
        llm.Answer = _ => "Work";
        var (workspace, _) = await MailboxListWorkspace.StartAsync(azurite.Server, llm, mailboxes: 2, messages: 2, missing: "broken");

        // A second broken entry, of a kind this build does not have, appended to the list the helper wrote.
        var list = Path.Combine(workspace.Directory, "mailboxes.json");
        var json = File.ReadAllText(list).Replace("]}", ",{\"name\":\"pop\",\"kind\":\"pop3\",\"host\":\"pop.example\"}]}", StringComparison.Ordinal);
        File.WriteAllText(list, json);
        return workspace;
    }

    [Fact]
    public async Task Status_is_200_with_each_broken_mailbox_reporting_its_own_problem()
    {
        await using var llm = await FakeLlmServer.StartAsync(Ct);
        await using var workspace = await StartAsync(llm);

        var result = await workspace.Create<StatusOnDemand>().RunAsync(FunctionsWorkspace.Request("GET"), Ct);

        var text = JsonSerializer.Serialize(Assert.IsType<OkObjectResult>(result).Value);
        var mailboxes = JsonDocument.Parse(text).RootElement.GetProperty("mailboxes").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!);
        Assert.Equal(["m01", "m02", "broken", "pop"], mailboxes.Keys);
        Assert.False(mailboxes["m01"].TryGetProperty("error", out _));
        Assert.Contains("does not exist", mailboxes["broken"].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("unknown kind \"pop3\"", mailboxes["pop"].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("--mailbox", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Triage_of_the_broken_mailbox_says_why_and_a_healthy_one_runs()
    {
        await using var llm = await FakeLlmServer.StartAsync(Ct);
        await using var workspace = await StartAsync(llm);
        var triage = workspace.Create<TriageOnDemand>();

        var broken = Assert.IsType<ObjectResult>(await triage.RunAsync(FunctionsWorkspace.Request("POST", "{\"mailbox\": \"broken\"}"), Ct));
        var healthy = Assert.IsType<OkObjectResult>(await triage.RunAsync(FunctionsWorkspace.Request("POST", "{\"mailbox\": \"m01\"}"), Ct));

        Assert.Equal(500, broken.StatusCode);
        var error = JsonSerializer.SerializeToElement(broken.Value).GetProperty("error").GetString();
        Assert.Contains("mailboxes.json line", error, StringComparison.Ordinal);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
        Assert.DoesNotContain("--mailbox", error, StringComparison.Ordinal);
        Assert.NotNull(healthy.Value);
        Assert.Equal(2, MailboxListWorkspace.Triaged(workspace, "m01"));
    }

    [Fact]
    public async Task The_queue_trigger_fails_only_the_broken_mailbox()
    {
        await using var llm = await FakeLlmServer.StartAsync(Ct);
        await using var workspace = await StartAsync(llm);
        var queued = workspace.Create<TriageQueuedMailbox>();

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => queued.TriageAsync("pop", Ct));
        await queued.TriageAsync("m02", Ct);

        Assert.Contains("unknown kind", failure.Message, StringComparison.Ordinal);
        Assert.Equal(2, MailboxListWorkspace.Triaged(workspace, "m02"));
    }
}
