using EmailTriage.Filing;
using EmailTriage.Graph.Tests.Support;

namespace EmailTriage.Graph.Tests.Filing;

/// <summary>Corrections and filing found by delta: a category changed on a message the app labelled, a move between label folders.</summary>
public sealed class GraphFilingFeedbackTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_first_read_starts_from_now()
    {
        await using var bed = await GraphTestbed.StartAsync();
        bed.Server.AddMessage(GraphTestbed.Rfc822(1), categories: "Work");

        var events = await LearnAsync(bed);

        Assert.Empty(events);
    }

    [Fact]
    public async Task A_category_the_user_changed_on_a_message_the_app_labelled_is_a_correction()
    {
        await using var bed = await GraphTestbed.StartAsync();
        var id = bed.Server.AddMessage(GraphTestbed.Rfc822(1, "Quarterly numbers"), categories: "Family");
        await LearnAsync(bed);
        await bed.TriageAsync(_ => "Receipts");
        Assert.Empty(await LearnAsync(bed));

        bed.Server.SetCategoriesAsUser(id, "Family", "Work");
        var events = await LearnAsync(bed);

        var correction = Assert.Single(events);
        Assert.Equal((id, "Work", FilingKind.Corrected), (correction.Item.Id, correction.Label, correction.Kind));
        Assert.Equal("Quarterly numbers", GraphTestbed.Subject(correction.Item));
    }

    [Fact]
    public async Task A_label_category_the_user_gave_an_untriaged_message_is_filing()
    {
        await using var bed = await GraphTestbed.StartAsync();
        await LearnAsync(bed);
        var id = bed.Server.AddMessage(GraphTestbed.Rfc822(1));
        bed.Server.SetCategoriesAsUser(id, "receipts");

        var filed = Assert.Single(await LearnAsync(bed));

        Assert.Equal((id, "Receipts", FilingKind.Filed), (filed.Item.Id, filed.Label, filed.Kind));
    }

    [Fact]
    public async Task A_later_change_that_is_no_label_teaches_nothing_again()
    {
        await using var bed = await GraphTestbed.StartAsync();
        var id = bed.Server.AddMessage(GraphTestbed.Rfc822(1));
        await LearnAsync(bed);
        await bed.TriageAsync(_ => "Receipts");
        bed.Server.SetCategoriesAsUser(id, "Work");
        Assert.Single(await LearnAsync(bed));

        bed.Server.MarkReadAsUser(id);

        Assert.Empty(await LearnAsync(bed));
    }

    [Fact]
    public async Task Two_label_categories_on_one_message_teach_nothing()
    {
        await using var bed = await GraphTestbed.StartAsync();
        var id = bed.Server.AddMessage(GraphTestbed.Rfc822(1));
        await LearnAsync(bed);
        await bed.TriageAsync(_ => "Receipts");

        bed.Server.SetCategoriesAsUser(id, "Receipts", "Work");

        Assert.Empty(await LearnAsync(bed));
    }

    [Fact]
    public async Task A_run_killed_before_the_commit_reads_the_same_events_again()
    {
        await using var bed = await GraphTestbed.StartAsync();
        var ids = bed.AddMessages(2);
        await LearnAsync(bed);
        await bed.TriageAsync(_ => "Receipts");
        bed.Server.SetCategoriesAsUser(ids[0], "Work");
        bed.Server.SetCategoriesAsUser(ids[1], "Newsletters");

        var killed = await LearnAsync(bed, commit: false);
        var again = await LearnAsync(bed);

        Assert.Equal(2, killed.Count);
        Assert.Equal(killed.Select(e => (e.Item.Id, e.Label, e.Kind)), again.Select(e => (e.Item.Id, e.Label, e.Kind)));
        Assert.Empty(await LearnAsync(bed));
    }

    [Fact]
    public async Task A_category_changed_in_Archive_after_the_app_archived_the_message_is_a_correction()
    {
        await using var bed = await GraphTestbed.StartAsync();
        var id = bed.Server.AddMessage(GraphTestbed.Rfc822(1));
        await LearnAsync(bed);
        await bed.TriageAsync(_ => "Newsletters");
        Assert.Empty(await LearnAsync(bed));

        bed.Server.SetCategoriesAsUser(id, "Work");

        var correction = Assert.Single(await LearnAsync(bed));
        Assert.Equal(("Work", FilingKind.Corrected), (correction.Label, correction.Kind));
    }

    [Fact]
    public async Task Folders_a_move_between_label_folders_is_a_correction_and_a_move_from_the_inbox_is_filing()
    {
        await using var bed = await GraphTestbed.StartAsync(labelsAs: "folders");
        var triaged = bed.Server.AddMessage(GraphTestbed.Rfc822(1));
        var untouched = bed.Server.AddMessage(GraphTestbed.Rfc822(2), folder: "archive");
        await LearnAsync(bed);
        await bed.TriageAsync(_ => "Receipts");
        Assert.Empty(await LearnAsync(bed));

        bed.Server.MoveAsUser(triaged, "Work");
        bed.Server.MoveAsUser(untouched, "Newsletters");
        var events = await LearnAsync(bed);

        Assert.Equal(
            [(untouched, "Newsletters", FilingKind.Filed), (triaged, "Work", FilingKind.Corrected)],
            events.Select(e => (e.Item.Id, e.Label, e.Kind)).OrderBy(e => e.Label, StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_dry_run_follows_nothing()
    {
        await using var bed = await GraphTestbed.StartAsync();

        await using var session = await bed.OpenAsync(dryRun: true);

        Assert.Null(session.Filing);
    }

    /// <summary>One run's part in learning: open a session, read what the user did, and commit (or be killed before).</summary>
    private static async Task<List<FilingEvent>> LearnAsync(GraphTestbed bed, bool commit = true)
    {
        bed.NewMailbox();
        await using var session = await bed.OpenAsync();
        var events = new List<FilingEvent>();
        await foreach (var filing in session.Filing!.ReadFilingAsync(Ct))
        {
            events.Add(filing);
        }

        if (commit)
        {
            await session.Filing.CommitFilingAsync(Ct);
        }

        return events;
    }
}
