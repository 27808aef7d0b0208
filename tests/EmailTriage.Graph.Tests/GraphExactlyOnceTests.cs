using EmailTriage.Classification;
using EmailTriage.Graph.Tests.Support;
using EmailTriage.Labels;
using EmailTriage.Mailboxes;
using EmailTriage.Testing;

namespace EmailTriage.Graph.Tests;

/// <summary>
/// A run killed at each point where Graph may or may not have done what was asked, then a new process's run: every message
/// ends with its label once (one labelling PATCH, at most one move), and the user's own categories are all still there.
/// A kill is the run's token cancelled while Graph holds the request, then the session abandoned: nothing of it runs on.
/// </summary>
public sealed class GraphExactlyOnceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Killed_after_the_listing_before_any_label_the_next_run_labels_each_once()
    {
        await using var bed = await GraphTestbed.StartAsync();
        var ids = AddMail(bed);
        var first = await bed.OpenAsync();
        Assert.Equal(6, (await GraphTestbed.ListAsync(first)).Count);

        bed.NewMailbox();
        await bed.TriageAsync(Decide);

        AssertLabelledOnce(bed, ids);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Killed_while_Graph_held_the_patches_the_next_run_labels_each_once(bool applied)
    {
        await using var bed = await GraphTestbed.StartAsync();
        var ids = AddMail(bed);
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bed.Server.EnqueueFault(FakeGraphCall.PatchMessage, applied ? new FakeGraphFault.HangAfterApplying(reached) : new FakeGraphFault.HangBeforeApplying(reached));

        await KillDuringApplyAsync(bed, "Receipts", reached);
        bed.NewMailbox();
        await bed.TriageAsync(Decide);

        AssertLabelledOnce(bed, ids);
    }

    [Fact]
    public async Task Patches_Graph_applied_but_whose_answer_was_lost_are_not_written_again_within_the_run()
    {
        await using var bed = await GraphTestbed.StartAsync();
        var ids = AddMail(bed);
        bed.Server.EnqueueFault(FakeGraphCall.PatchMessage, new FakeGraphFault.DropAfterApplying());

        var (_, failed) = await bed.TriageAsync(Decide);

        Assert.Empty(failed);
        AssertLabelledOnce(bed, ids);

        // The batch sent again met If-Match: the change keys had moved on, so nothing was overwritten.
        Assert.Contains(bed.Server.Requests, r => r.Call == FakeGraphCall.PatchMessage && r.Status == 412);
    }

    [Fact]
    public async Task Patches_whose_answer_was_lost_with_no_retry_left_are_not_listed_again()
    {
        await using var bed = await GraphTestbed.StartAsync(maxRetries: 0);
        var ids = AddMail(bed);
        bed.Server.EnqueueFault(FakeGraphCall.PatchMessage, new FakeGraphFault.DropAfterApplying());

        var (_, failed) = await bed.TriageAsync(Decide);
        var (listed, _) = await bed.TriageAsync(Decide);

        Assert.NotEmpty(failed);
        Assert.Empty(listed);
        AssertLabelledOnce(bed, ids);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Folders_killed_between_label_and_move_the_next_run_moves_each_once(bool moveApplied)
    {
        await using var bed = await GraphTestbed.StartAsync(labelsAs: "folders");
        var ids = AddMail(bed);
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bed.Server.EnqueueFault(FakeGraphCall.MoveMessage, moveApplied ? new FakeGraphFault.HangAfterApplying(reached) : new FakeGraphFault.HangBeforeApplying(reached));

        await KillDuringApplyAsync(bed, "Receipts", reached);
        bed.NewMailbox();
        var (listed, _) = await bed.TriageAsync(Decide);

        // The killed group's messages carry the marker: they are not new, and their move is finished instead.
        Assert.Equal(3, listed.Count);
        foreach (var id in ids)
        {
            Assert.Equal(1, bed.Server.LabelWritesOf(id));
            Assert.Equal(1, bed.Server.MovesOf(id));
            Assert.Equal(bed.Server.PropertyOf(id, GraphMarker.PropertyId), bed.Server.FolderNameOf(id));
        }
    }

    [Fact]
    public async Task Killed_between_a_category_and_its_archive_the_next_run_archives_each_once()
    {
        await using var bed = await GraphTestbed.StartAsync();
        var ids = AddMail(bed);
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bed.Server.EnqueueFault(FakeGraphCall.MoveMessage, new FakeGraphFault.HangBeforeApplying(reached));

        await KillDuringApplyAsync(bed, "Newsletters", reached);
        bed.NewMailbox();
        await bed.TriageAsync(Decide);

        AssertLabelledOnce(bed, ids);
        foreach (var id in ids)
        {
            Assert.Equal(bed.Server.PropertyOf(id, GraphMarker.PropertyId) == "Newsletters" ? "Archive" : "Inbox", bed.Server.FolderNameOf(id));
            Assert.Equal(bed.Server.PropertyOf(id, GraphMarker.PropertyId) == "Newsletters" ? 1 : 0, bed.Server.MovesOf(id));
        }
    }

    [Fact]
    public async Task A_message_the_user_moves_back_to_the_inbox_after_it_was_filed_is_not_filed_again()
    {
        await using var bed = await GraphTestbed.StartAsync(labelsAs: "folders");
        var id = bed.Server.AddMessage(GraphTestbed.Rfc822(1));
        await bed.TriageAsync(_ => "Work");

        bed.Server.MoveAsUser(id, "inbox");
        var (listed, _) = await bed.TriageAsync(_ => "Work");

        Assert.Empty(listed);
        Assert.Equal("Inbox", bed.Server.FolderNameOf(id));
        Assert.Equal(2, bed.Server.MovesOf(id));
    }

    /// <summary>Three for Receipts, two for Newsletters, one for Work; two of them carry the user's own categories.</summary>
    private static IReadOnlyList<string> AddMail(GraphTestbed bed) =>
    [
        bed.Server.AddMessage(GraphTestbed.Rfc822(1, "Invoice 1"), categories: "Family"),
        bed.Server.AddMessage(GraphTestbed.Rfc822(2, "Invoice 2")),
        bed.Server.AddMessage(GraphTestbed.Rfc822(3, "Invoice 3")),
        bed.Server.AddMessage(GraphTestbed.Rfc822(4, "Digest 4"), categories: ["Blue category", "Family"]),
        bed.Server.AddMessage(GraphTestbed.Rfc822(5, "Digest 5")),
        bed.Server.AddMessage(GraphTestbed.Rfc822(6, "Standup 6")),
    ];

    private static string Decide(string subject) => subject.Split(' ')[0] switch
    {
        "Invoice" => "Receipts",
        "Digest" => "Newsletters",
        _ => "Work",
    };

    /// <summary>Lists, then labels <paramref name="label"/>'s group until Graph has the request in hand, and kills the run there.</summary>
    private static async Task KillDuringApplyAsync(GraphTestbed bed, string label, TaskCompletionSource reached)
    {
        var session = await bed.OpenAsync();
        var items = await GraphTestbed.ListAsync(session);
        var group = items.Where(i => Decide(GraphTestbed.Subject(i)) == label).Select(i => new LabelAssignment(i.Id, DecisionSource.Llm, "")).ToList();
        using var kill = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var applying = session.ApplyAsync(new LabelGroup(label, GraphTestbed.Labels.Find(label)!.Action, group), kill.Token);

        // A generous guard against a test that never gets there; the kill itself waits for no clock.
        await reached.Task.WaitAsync(TimeSpan.FromSeconds(60), Ct);
        await kill.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => applying);
    }

    private static void AssertLabelledOnce(GraphTestbed bed, IReadOnlyList<string> ids)
    {
        var own = new Dictionary<string, string[]> { [ids[0]] = ["Family"], [ids[3]] = ["Blue category", "Family"] };
        foreach (var id in ids)
        {
            var label = bed.Server.PropertyOf(id, GraphMarker.PropertyId);
            Assert.NotNull(label);
            Assert.Equal(1, bed.Server.LabelWritesOf(id));
            Assert.Equal([.. own.GetValueOrDefault(id, []), label], bed.Server.CategoriesOf(id));
        }

        Assert.Equal(["Receipts", "Receipts", "Receipts", "Newsletters", "Newsletters", "Work"], ids.Select(id => bed.Server.PropertyOf(id, GraphMarker.PropertyId)));
    }
}
