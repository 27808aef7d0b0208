using EmailTriage.Functions.Tests.Support;
using EmailTriage.Testing;

namespace EmailTriage.Functions.Tests;

/// <summary>The schedule's fan-out and the queue-triggered function, over a real Azurite queue and the real composition root.</summary>
public sealed class TriageQueuedMailboxTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_tick_puts_one_message_per_mailbox_holding_only_its_name()
    {
        await using var llm = await FakeLlmServer.StartAsync(Ct);
        var (workspace, queue) = await MailboxListWorkspace.StartAsync(azurite.Server, llm, mailboxes: 5, messages: 1);
        await using var _ = workspace;
        var host = new QueueHost(azurite.Server.ConnectionString, queue);

        await workspace.Create<TriageOnSchedule>().TickAsync(Ct);

        var messages = (await host.Queue.ReceiveMessagesAsync(32, cancellationToken: Ct)).Value;
        Assert.Equal(["m01", "m02", "m03", "m04", "m05"], messages.Select(m => m.MessageText).Order());

        // The tick only queued: nothing was triaged in the timer's own run.
        Assert.Equal(0, llm.ChatRequestCount);
    }

    [Fact]
    public async Task A_queued_message_triages_its_mailbox_only()
    {
        await using var llm = await FakeLlmServer.StartAsync(Ct);
        llm.Answer = _ => "Work";
        var (workspace, _) = await MailboxListWorkspace.StartAsync(azurite.Server, llm, mailboxes: 2, messages: 3);
        await using var __ = workspace;

        var outcome = await workspace.Create<TriageQueuedMailbox>().TriageAsync("m02", Ct);

        Assert.Equal(3, outcome.Summary?.Applied);
        Assert.Equal(3, MailboxListWorkspace.Triaged(workspace, "m02"));
        Assert.Equal(0, MailboxListWorkspace.Triaged(workspace, "m01"));
    }

    [Fact]
    public async Task A_failing_mailbox_is_retried_then_poisoned_and_holds_back_no_other()
    {
        await using var llm = await FakeLlmServer.StartAsync(Ct);
        llm.Answer = _ => "Work";
        var (workspace, queue) = await MailboxListWorkspace.StartAsync(azurite.Server, llm, mailboxes: 3, messages: 2, missing: "gone");
        await using var _ = workspace;
        var host = new QueueHost(azurite.Server.ConnectionString, queue);
        await workspace.Create<TriageOnSchedule>().TickAsync(Ct);
        var function = workspace.Create<TriageQueuedMailbox>();
        var attempts = new List<string>();

        var deliveries = await host.DrainAsync(
            async name =>
            {
                attempts.Add(name);
                await function.TriageAsync(name, Ct);
            },
            Ct);

        Assert.Equal(QueueHost.MaxDequeueCount, attempts.Count(a => a == "gone"));
        Assert.Equal(3 + QueueHost.MaxDequeueCount, deliveries);
        Assert.All(["m01", "m02", "m03"], m => Assert.Equal(2, MailboxListWorkspace.Triaged(workspace, m)));
        var poisoned = (await host.Poison.ReceiveMessagesAsync(32, cancellationToken: Ct)).Value;
        Assert.Equal(["gone"], poisoned.Select(m => m.MessageText));
    }

    [Fact]
    public async Task A_mailbox_held_by_another_run_is_not_a_failure()
    {
        await using var llm = await FakeLlmServer.StartAsync(Ct);
        llm.Answer = _ => "Work";
        var (workspace, _) = await MailboxListWorkspace.StartAsync(azurite.Server, llm, mailboxes: 1, messages: 2);
        await using var __ = workspace;
        var function = workspace.Create<TriageQueuedMailbox>();

        // Another writer holds m01: its lease, taken as any run takes it.
        llm.HoldAnswers();
        var first = function.TriageAsync("m01", Ct);
        await llm.WaitForRequestsAsync(1, Ct);
        var second = await function.TriageAsync("m01", Ct);
        llm.ReleaseAnswers();
        await first;

        Assert.Contains("held by", second.Error?.Message, StringComparison.Ordinal);
        Assert.Equal(2, MailboxListWorkspace.Triaged(workspace, "m01"));
    }
}
