using EmailTriage.Classification;
using EmailTriage.Graph.Tests.Support;
using EmailTriage.Labels;
using EmailTriage.Mailboxes;
using EmailTriage.Testing;

namespace EmailTriage.Graph.Tests;

/// <summary>Applying labels as categories or folders: one PATCH with the marker, never over the user's own categories.</summary>
public sealed class GraphSessionApplyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_category_is_added_beside_the_users_own_with_the_hidden_marker()
    {
        await using var bed = await GraphTestbed.StartAsync();
        var id = bed.Server.AddMessage(GraphTestbed.Rfc822(1), categories: ["Family", "Red category"]);

        await bed.TriageAsync(_ => "Receipts");

        Assert.Equal(["Family", "Red category", "Receipts"], bed.Server.CategoriesOf(id));
        Assert.Equal("Receipts", bed.Server.PropertyOf(id, GraphMarker.PropertyId));
        Assert.Equal(1, bed.Server.LabelWritesOf(id));
        Assert.Equal("Inbox", bed.Server.FolderNameOf(id));
    }

    [Fact]
    public async Task Forty_labels_are_written_in_two_batches_of_patches()
    {
        await using var bed = await GraphTestbed.StartAsync();
        var ids = bed.AddMessages(40);

        var (_, failed) = await bed.TriageAsync(_ => "Work");

        Assert.Empty(failed);
        Assert.Equal([20, 20], bed.Server.BatchesOf(FakeGraphCall.PatchMessage));
        Assert.All(ids, id => Assert.Equal(["Work"], bed.Server.CategoriesOf(id)));
    }

    [Fact]
    public async Task A_label_that_archives_moves_the_message_to_Archive_keeping_its_id()
    {
        await using var bed = await GraphTestbed.StartAsync();
        var id = bed.Server.AddMessage(GraphTestbed.Rfc822(1));

        await bed.TriageAsync(_ => "Newsletters");

        Assert.Equal("Archive", bed.Server.FolderNameOf(id));
        Assert.Equal(["Newsletters"], bed.Server.CategoriesOf(id));
        Assert.Equal(1, bed.Server.MovesOf(id));
        Assert.Empty((GraphTriageStateOf(bed)).Moves);
    }

    [Fact]
    public async Task Labels_as_folders_move_each_message_into_its_labels_folder()
    {
        await using var bed = await GraphTestbed.StartAsync(labelsAs: "folders");
        bed.Server.AddFolder("Work");
        var receipt = bed.Server.AddMessage(GraphTestbed.Rfc822(1, "Invoice"), categories: "Family");
        var work = bed.Server.AddMessage(GraphTestbed.Rfc822(2, "Standup"));

        await bed.TriageAsync(subject => subject == "Invoice" ? "Receipts" : "Work");

        Assert.Equal("Receipts", bed.Server.FolderNameOf(receipt));
        Assert.Equal("Work", bed.Server.FolderNameOf(work));
        Assert.Equal(["Family"], bed.Server.CategoriesOf(receipt));
        Assert.Equal("Work", bed.Server.PropertyOf(work, GraphMarker.PropertyId));
        Assert.Empty(bed.Server.MasterCategories);
    }

    [Fact]
    public async Task Nested_label_names_are_folders_inside_folders()
    {
        await using var bed = await GraphTestbed.StartAsync(labelsAs: "folders");
        var labels = new LabelConfig([new LabelDefinition("Clients/Acme", "Acme", [], [], LabelAction.None)], null, "labels.json");
        var id = bed.Server.AddMessage(GraphTestbed.Rfc822(1));

        await using var session = await bed.OpenAsync(labels: labels);
        var item = Assert.Single(await GraphTestbed.ListAsync(session));
        var failed = await session.ApplyAsync(new LabelGroup("Clients/Acme", LabelAction.None, [new LabelAssignment(item.Id, DecisionSource.Llm, "")]), Ct);

        Assert.Empty(failed);
        Assert.Equal("Acme", bed.Server.FolderNameOf(id));
        Assert.NotEmpty(bed.Server.FolderId("Clients/Acme"));
    }

    [Fact]
    public async Task A_category_the_user_adds_after_the_listing_is_kept()
    {
        await using var bed = await GraphTestbed.StartAsync();
        var id = bed.Server.AddMessage(GraphTestbed.Rfc822(1));
        await using var session = await bed.OpenAsync();
        var item = Assert.Single(await GraphTestbed.ListAsync(session));

        bed.Server.SetCategoriesAsUser(id, "Urgent");
        var failed = await session.ApplyAsync(new LabelGroup("Receipts", LabelAction.None, [new LabelAssignment(item.Id, DecisionSource.Llm, "")]), Ct);

        Assert.Empty(failed);
        Assert.Equal(["Urgent", "Receipts"], bed.Server.CategoriesOf(id));
        Assert.Contains(bed.Server.Requests, r => r.Call == FakeGraphCall.PatchMessage && r.Status == 412);
    }

    [Fact]
    public async Task A_label_the_user_gives_after_the_listing_stands()
    {
        await using var bed = await GraphTestbed.StartAsync();
        var id = bed.Server.AddMessage(GraphTestbed.Rfc822(1));
        await using var session = await bed.OpenAsync();
        var item = Assert.Single(await GraphTestbed.ListAsync(session));

        bed.Server.SetCategoriesAsUser(id, "Work");
        var failed = await session.ApplyAsync(new LabelGroup("Receipts", LabelAction.None, [new LabelAssignment(item.Id, DecisionSource.Llm, "")]), Ct);

        Assert.Equal([id], failed);
        Assert.Equal(["Work"], bed.Server.CategoriesOf(id));
        Assert.Null(bed.Server.PropertyOf(id, GraphMarker.PropertyId));
    }

    [Fact]
    public async Task A_message_deleted_since_the_listing_fails_alone()
    {
        await using var bed = await GraphTestbed.StartAsync();
        var ids = bed.AddMessages(5);
        await using var session = await bed.OpenAsync();
        var items = await GraphTestbed.ListAsync(session);

        bed.Server.DeleteMessage(ids[2]);
        var failed = await session.ApplyAsync(new LabelGroup("Work", LabelAction.None, [.. items.Select(i => new LabelAssignment(i.Id, DecisionSource.Llm, ""))]), Ct);

        Assert.Equal([ids[2]], failed);
        Assert.All(ids.Where(i => i != ids[2]), i => Assert.Equal(["Work"], bed.Server.CategoriesOf(i)));
    }

    [Fact]
    public async Task Throttled_patches_wait_what_Retry_After_says_and_are_sent_again_together()
    {
        await using var bed = await GraphTestbed.StartAsync();
        var ids = bed.AddMessages(4);
        await using var session = await bed.OpenAsync();
        var items = await GraphTestbed.ListAsync(session);
        bed.Server.EnqueueFault(FakeGraphCall.PatchMessage, new FakeGraphFault.Status(429, RetryAfterSeconds: 7));
        bed.Server.EnqueueFault(FakeGraphCall.PatchMessage, new FakeGraphFault.Status(429, RetryAfterSeconds: 7));

        var failed = await session.ApplyAsync(new LabelGroup("Work", LabelAction.None, [.. items.Select(i => new LabelAssignment(i.Id, DecisionSource.Llm, ""))]), Ct);

        Assert.Empty(failed);
        Assert.Equal([4, 2], bed.Server.BatchesOf(FakeGraphCall.PatchMessage));
        Assert.True(Assert.Single(bed.Waits) >= TimeSpan.FromSeconds(7));
        Assert.All(ids, id => Assert.Equal(1, bed.Server.LabelWritesOf(id)));
    }

    private static GraphTriageState GraphTriageStateOf(GraphTestbed bed) =>
        System.Text.Json.JsonSerializer.Deserialize(bed.State[GraphTriageState.Name]!, GraphStateJsonContext.Default.GraphTriageState)!;
}
