using EmailTriage.Graph.Tests.Support;
using EmailTriage.Testing;

namespace EmailTriage.Graph.Tests;

/// <summary>The listing: a delta round of the folder merged with what earlier runs left, content read 20 to a $batch.</summary>
public sealed class GraphSessionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task First_run_lists_the_folders_mail_of_the_last_days_with_its_content()
    {
        await using var bed = await GraphTestbed.StartAsync();
        var recent = bed.AddMessages(3);
        var old = bed.Server.AddMessage(GraphTestbed.Rfc822(9), received: DateTimeOffset.UtcNow.AddDays(-30));
        var elsewhere = bed.Server.AddMessage(GraphTestbed.Rfc822(10), folder: "archive");

        await using var session = await bed.OpenAsync();
        var items = await GraphTestbed.ListAsync(session);

        Assert.Equal(recent.Order(StringComparer.Ordinal), items.Select(i => i.Id).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(old, items.Select(i => i.Id));
        Assert.DoesNotContain(elsewhere, items.Select(i => i.Id));
        Assert.Equal(["Message 1", "Message 2", "Message 3"], items.Select(GraphTestbed.Subject).Order(StringComparer.Ordinal));
        Assert.Equal(3, session.ListedCount);
    }

    [Fact]
    public async Task Second_run_asks_only_for_what_changed_since_the_first()
    {
        await using var bed = await GraphTestbed.StartAsync();
        bed.AddMessages(3);
        await bed.TriageAsync(_ => "Receipts");
        var arrived = bed.Server.AddMessage(GraphTestbed.Rfc822(4));
        var before = bed.Server.Requests.Count;

        await using var session = await bed.OpenAsync();
        var items = await GraphTestbed.ListAsync(session);

        Assert.Equal([arrived], items.Select(i => i.Id));
        Assert.Equal(1, bed.Server.DeltaRoundsFromLink);

        // The open batch, one delta page (the 3 labelled before and the new one), one read.
        var requests = bed.Server.Requests.Skip(before).Where(r => !r.InBatch).Select(r => r.Call).ToList();
        Assert.Equal([FakeGraphCall.Batch, FakeGraphCall.Delta, FakeGraphCall.GetValue], requests);
    }

    [Fact]
    public async Task Marked_messages_messages_with_a_label_category_and_drafts_are_not_new()
    {
        await using var bed = await GraphTestbed.StartAsync();
        var plain = bed.Server.AddMessage(GraphTestbed.Rfc822(1));
        bed.Server.AddMessage(GraphTestbed.Rfc822(2), categories: "receipts");
        var own = bed.Server.AddMessage(GraphTestbed.Rfc822(3), categories: "Family");
        bed.Server.AddMessage(GraphTestbed.Rfc822(4), folder: "drafts");
        await bed.TriageAsync(_ => "Work");
        var marked = bed.Server.AddMessage(GraphTestbed.Rfc822(5));
        bed.Server.SetCategoriesAsUser(marked, "Receipts");

        await using var session = await bed.OpenAsync();
        var items = await GraphTestbed.ListAsync(session);

        Assert.Empty(items);
        Assert.Equal(["Work"], bed.Server.CategoriesOf(plain));
        Assert.Equal(["Family", "Work"], bed.Server.CategoriesOf(own));
    }

    [Fact]
    public async Task Messages_a_run_left_come_back_next_run_though_they_did_not_change()
    {
        await using var bed = await GraphTestbed.StartAsync();
        var ids = bed.AddMessages(5);

        await using (var first = await bed.OpenAsync())
        {
            Assert.Equal(2, (await GraphTestbed.ListAsync(first, max: 2)).Count);
        }

        await using var second = await bed.OpenAsync();
        var items = await GraphTestbed.ListAsync(second);

        Assert.Equal(ids.Order(StringComparer.Ordinal), items.Select(i => i.Id).Order(StringComparer.Ordinal));
        Assert.Equal(1, bed.Server.DeltaRoundsFromLink);
    }

    [Fact]
    public async Task Expired_delta_link_starts_a_new_round_and_keeps_the_waiting_messages()
    {
        await using var bed = await GraphTestbed.StartAsync();
        var ids = bed.AddMessages(3);
        await using (var first = await bed.OpenAsync())
        {
            await GraphTestbed.ListAsync(first, max: 1);
        }

        bed.Server.ExpireDeltaTokens();
        await using var second = await bed.OpenAsync();
        var items = await GraphTestbed.ListAsync(second);

        Assert.Equal(ids.Order(StringComparer.Ordinal), items.Select(i => i.Id).Order(StringComparer.Ordinal));
        Assert.Contains(bed.Server.Requests, r => r.Call == FakeGraphCall.Delta && r.Status == 410);
    }

    [Fact]
    public async Task Forty_five_messages_are_read_in_three_batches_of_at_most_twenty()
    {
        await using var bed = await GraphTestbed.StartAsync();
        bed.AddMessages(45);

        await using var session = await bed.OpenAsync();
        var items = await GraphTestbed.ListAsync(session);

        Assert.Equal(45, items.Count);
        Assert.Equal(45, bed.Server.Requests.Count(r => r.Call == FakeGraphCall.GetValue && r.InBatch));
        Assert.Equal([20, 20, 5], bed.Server.BatchesOf(FakeGraphCall.GetValue));
    }

    [Fact]
    public async Task A_message_with_attachments_is_read_alone_and_cut_at_the_budget()
    {
        await using var bed = await GraphTestbed.StartAsync();
        var attachment = new string('A', 400_000);
        var big = bed.Server.AddMessage(
            "From: a@example.com\r\nSubject: Big one\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n" +
            $"--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=big.bin\r\nContent-Transfer-Encoding: base64\r\n\r\n{attachment}\r\n--b--\r\n");
        bed.AddMessages(2);

        await using var session = await bed.OpenAsync();
        var items = await GraphTestbed.ListAsync(session);

        var read = items.Single(i => i.Id == big);
        await using var stream = await read.OpenAsync(Ct);
        Assert.Equal(GraphMessageReader.ByteBudget(2000), stream.Length);
        Assert.Equal("Big one", GraphTestbed.Subject(read));
        Assert.Contains(bed.Server.Requests, r => r.Call == FakeGraphCall.GetValue && !r.InBatch);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Mime_in_a_batch_answer_is_read_whether_base64_or_text(bool asText)
    {
        await using var bed = await GraphTestbed.StartAsync();
        bed.Server.BatchValueAsText = asText;
        bed.Server.AddMessage("From: a@example.com\r\nSubject: =?utf-8?q?Caf=C3=A9?=\r\n\r\nHello: world.\r\n");
        bed.AddMessages(1);

        await using var session = await bed.OpenAsync();
        var items = await GraphTestbed.ListAsync(session);

        Assert.Contains("=?utf-8?q?Caf=C3=A9?=", items.Select(GraphTestbed.Subject));
    }

    [Fact]
    public async Task A_batch_refused_as_a_whole_is_read_in_halves_down_to_the_message_at_fault()
    {
        await using var bed = await GraphTestbed.StartAsync();
        var ids = bed.AddMessages(20);
        bed.Server.RefuseBatchesAsking(ids[13]);

        await using var session = await bed.OpenAsync();
        var items = await GraphTestbed.ListAsync(session);

        // Every message is read: the one at fault alone, which Graph answers.
        Assert.Equal(20, items.Count);
        Assert.Empty(session.ListingFailures);
        Assert.Contains(bed.Server.Requests, r => r.Call == FakeGraphCall.GetValue && !r.InBatch);
    }

    [Fact]
    public async Task A_message_Graph_will_not_give_is_left_for_the_next_run_with_the_reason()
    {
        await using var bed = await GraphTestbed.StartAsync(maxRetries: 1);
        var ids = bed.AddMessages(3);
        bed.Server.FailValueOf(ids[1], 500);

        await using var session = await bed.OpenAsync();
        var items = await GraphTestbed.ListAsync(session);

        Assert.Equal(2, items.Count);
        var failure = Assert.Single(session.ListingFailures);
        Assert.Equal(ids[1], failure.Id);
        Assert.Contains("HTTP 500", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dry_run_changes_nothing_and_moves_no_cursor()
    {
        await using var bed = await GraphTestbed.StartAsync();
        bed.AddMessages(2);

        await using (var session = await bed.OpenAsync(dryRun: true))
        {
            Assert.Equal(2, (await GraphTestbed.ListAsync(session)).Count);
            Assert.Equal(["Receipts", "Newsletters", "Work", "Review"], session.Labels.Missing);
        }

        Assert.Empty(bed.Server.MasterCategories);
        Assert.Equal(0, bed.State.Writes);
        Assert.DoesNotContain(bed.Server.Requests, r => r.Method is "PATCH" or "POST" && r.Call != FakeGraphCall.Batch);
    }

    [Fact]
    public async Task Opening_creates_each_label_in_the_master_category_list_once()
    {
        await using var bed = await GraphTestbed.StartAsync();
        bed.Server.AddMasterCategory("receipts");

        await using (var first = await bed.OpenAsync())
        {
            Assert.Equal(["Newsletters", "Work", "Review"], first.Labels.Created);
        }

        await using var second = await bed.OpenAsync();

        Assert.Empty(second.Labels.Created);
        Assert.Equal(["receipts", "Newsletters", "Work", "Review"], bed.Server.MasterCategories);
    }
}
