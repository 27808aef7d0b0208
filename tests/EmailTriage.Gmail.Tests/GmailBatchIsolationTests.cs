using EmailTriage.Labels;
using EmailTriage.Mailboxes;
using EmailTriage.Testing;

namespace EmailTriage.Gmail.Tests;

/// <summary>One odd message never holds back the others in Gmail's batch calls: the batch gets of the listing and the batchModify of a label.</summary>
public sealed class GmailBatchIsolationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_batch_refused_for_one_message_is_fetched_in_halves_and_that_message_alone()
    {
        await using var bed = await GmailTestbed.StartAsync(maxRetries: 0);
        var ids = bed.AddMessages(60);
        bed.Server.RefuseBatchesAsking(ids[17]);
        await bed.OpenAsync(GmailTestbed.Labels, dryRun: false, Ct);

        var items = await bed.ListAsync();

        Assert.Equal(ids.Order(StringComparer.Ordinal), items.Select(i => i.Id).Order(StringComparer.Ordinal));
        Assert.Empty(bed.Session.ListingFailures);

        // The batch of 50 and the halves down to the message (about two per level), the batch of 10, and one get alone.
        Assert.InRange(bed.Server.CountOf(FakeGmailCall.Batch), 8, 14);
        var alone = Assert.Single(bed.Server.Requests, r => r.Call == FakeGmailCall.MessagesGet && !r.InBatch);
        Assert.EndsWith(ids[17], alone.Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_gmail_will_not_give_even_alone_is_left_with_gmails_reason()
    {
        await using var bed = await GmailTestbed.StartAsync();
        var ids = bed.AddMessages(3);
        bed.Server.EnqueueMessageFault(ids[0], new FakeGmailFault.ServerError());
        bed.Server.EnqueueMessageFault(ids[0], new FakeGmailFault.Forbidden());
        await bed.OpenAsync(GmailTestbed.Labels, dryRun: false, Ct);

        var items = await bed.ListAsync();

        Assert.Equal(2, items.Count);
        var failure = Assert.Single(bed.Session.ListingFailures);
        Assert.Equal(ids[0], failure.Id);
        Assert.Contains("HTTP 403", failure.Reason, StringComparison.Ordinal);
        Assert.Contains("left for the next run", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_deleted_since_the_listing_holds_back_no_other_message_of_its_label_group()
    {
        await using var bed = await GmailTestbed.StartAsync();
        var ids = bed.AddMessages(40);
        await bed.OpenAsync(GmailTestbed.Labels, dryRun: false, Ct);
        var items = await bed.ListAsync();
        bed.Server.DeleteMessage(ids[7]);

        var failed = await bed.Session.ApplyAsync(new LabelGroup("Receipts", LabelAction.None, [.. items.Select(i => new LabelAssignment(i.Id, EmailTriage.Classification.DecisionSource.Rule, "test"))]), Ct);

        Assert.Equal([ids[7]], failed);
        Assert.All(ids.Where(id => id != ids[7]), id => Assert.Equal([GmailMailbox.MarkerLabel, "INBOX", "Receipts", "UNREAD"], bed.Server.LabelNamesOf(id)));
        Assert.All(ids.Where(id => id != ids[7]), id => Assert.Equal(1, bed.Server.ModifyCountOf(id)));

        // The group, then halves down to the deleted message (about two calls per level of 40 = 2^5.3).
        Assert.InRange(bed.Server.CountOf(FakeGmailCall.MessagesBatchModify), 8, 16);
    }
}
