using EmailTriage.Functions.Tests.Support;
using EmailTriage.Testing;
using Microsoft.Extensions.Time.Testing;

namespace EmailTriage.Functions.Tests;

public sealed class TriageOnScheduleTests
{
    [Fact]
    public async Task A_tick_labels_new_mail_and_the_next_tick_does_nothing()
    {
        await using var llm = await FakeLlmServer.StartAsync(TestContext.Current.CancellationToken);
        llm.Answer = _ => "Work";
        await using var workspace = (await FunctionsWorkspace.StartAsync(messages: 6)).WithLlm(llm.BaseUrl);
        var function = workspace.Create<TriageOnSchedule>();

        var first = await function.RunOnceAsync(TestContext.Current.CancellationToken);
        var callsAfterFirst = llm.ChatRequestCount;
        var gmailCallsAfterFirst = workspace.Gmail.HttpRequestCount;
        var second = await function.RunOnceAsync(TestContext.Current.CancellationToken);

        Assert.Equal(6, first.Applied);
        Assert.Equal(1, workspace.Gmail.Requests.Count(r => r.Call == FakeGmailCall.MessagesBatchModify));
        Assert.Equal(6, workspace.MessageIds.Count(id => workspace.Gmail.LabelNamesOf(id).Contains("Work")));
        Assert.Equal(0, second.Candidates);
        Assert.Equal(callsAfterFirst, llm.ChatRequestCount);

        // An idle tick: the labels list (to know our label ids) and one message list, nothing else.
        Assert.Equal(2, workspace.Gmail.HttpRequestCount - gmailCallsAfterFirst);
    }

    [Fact]
    public async Task Without_a_mailbox_list_a_tick_triages_the_one_mailbox_of_the_settings()
    {
        await using var llm = await FakeLlmServer.StartAsync(TestContext.Current.CancellationToken);
        llm.Answer = _ => "Work";
        await using var workspace = (await FunctionsWorkspace.StartAsync(messages: 3)).WithLlm(llm.BaseUrl);
        Assert.False(File.Exists(Path.Combine(workspace.Directory, "config", "mailboxes.json")));

        await workspace.Create<TriageOnSchedule>().TickAsync(TestContext.Current.CancellationToken);

        Assert.Equal(3, workspace.Triaged);
    }

    [Fact]
    public async Task A_tick_that_runs_out_of_time_leaves_the_rest_for_the_next_tick()
    {
        await using var llm = await FakeLlmServer.StartAsync(TestContext.Current.CancellationToken);
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-25T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        llm.Answer = _ =>
        {
            // Each classification "takes" a minute of the 4-minute budget.
            clock.Advance(TimeSpan.FromMinutes(1));
            return "Work";
        };
        await using var workspace = (await FunctionsWorkspace.StartAsync(messages: 8)).WithLlm(llm.BaseUrl).With("TRIAGE_RUN_BUDGET_SECONDS", "240");
        workspace.Time = clock;
        var function = workspace.Create<TriageOnSchedule>();

        var first = await function.RunOnceAsync(TestContext.Current.CancellationToken);

        Assert.Equal(4, first.Applied);
        Assert.Equal(4, first.NotStarted);
        Assert.Equal(4, workspace.Triaged);

        var second = await function.RunOnceAsync(TestContext.Current.CancellationToken);
        Assert.Equal(4, second.Candidates);
        Assert.Equal(8, workspace.Triaged);
    }

    [Fact]
    public async Task An_unreachable_llm_leaves_every_message_untouched()
    {
        await using var workspace = (await FunctionsWorkspace.StartAsync(messages: 5)).WithLlm(new Uri($"http://127.0.0.1:{FakeLlmServer.GetUnusedPort()}/v1"));
        var function = workspace.Create<TriageOnSchedule>();

        var summary = await function.RunOnceAsync(TestContext.Current.CancellationToken);

        Assert.NotNull(summary.StopFailure);
        Assert.StartsWith("Cannot connect to LLM API at", summary.StoppedBecause, StringComparison.Ordinal);
        Assert.Equal(0, workspace.Triaged);
    }
}
