using EmailTriage.Classification;
using EmailTriage.Gmail.Api;
using EmailTriage.Labels;
using EmailTriage.Mailboxes;
using EmailTriage.Testing;

namespace EmailTriage.Gmail.Tests;

public sealed class GmailMailboxTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Lists_every_page_of_up_to_500_ids()
    {
        await using var bed = await GmailTestbed.StartAsync();
        bed.AddMessages(1_100);
        await bed.OpenAsync(GmailTestbed.Labels, dryRun: false, Ct);

        var items = await bed.ListAsync();

        Assert.Equal(1_100, items.Select(i => i.Id).Distinct().Count());
        var lists = bed.Server.Requests.Where(r => r.Call == FakeGmailCall.MessagesList).ToList();
        Assert.Equal(3, lists.Count);
        Assert.All(lists, r => Assert.Equal("500", r.QueryValue("maxResults")));
        Assert.Equal([null, "500", "1000"], lists.Select(r => r.QueryValue("pageToken")));
    }

    [Fact]
    public async Task Query_is_the_triage_query_minus_our_labels_and_the_marker()
    {
        await using var bed = await GmailTestbed.StartAsync();
        await bed.OpenAsync(GmailTestbed.Labels, dryRun: false, Ct);

        await bed.ListAsync();

        var list = bed.Server.Requests.Single(r => r.Call == FakeGmailCall.MessagesList);
        Assert.Equal(
            "in:inbox newer_than:7d -label:receipts -label:newsletters -label:triage-old-mail -label:review -label:emailtriage-triaged",
            list.QueryValue("q"));
    }

    [Fact]
    public async Task Fetches_content_in_batches_of_at_most_50_gets()
    {
        await using var bed = await GmailTestbed.StartAsync();
        var ids = bed.AddMessages(120);
        await bed.OpenAsync(GmailTestbed.Labels, dryRun: false, Ct);

        var items = await bed.ListAsync();

        Assert.Equal(ids.Order(StringComparer.Ordinal), items.Select(i => i.Id).Order(StringComparer.Ordinal));
        Assert.Equal(3, bed.Server.CountOf(FakeGmailCall.Batch));
        var gets = bed.Server.Requests.Where(r => r.Call == FakeGmailCall.MessagesGet).ToList();
        Assert.Equal(120, gets.Count);
        Assert.All(gets, r => Assert.True(r.InBatch));
        Assert.All(gets, r => Assert.Equal("raw", r.QueryValue("format")));
    }

    [Fact]
    public async Task Opens_the_decoded_rfc822_bytes()
    {
        await using var bed = await GmailTestbed.StartAsync();
        var raw = GmailTestbed.Rfc822(7) + "Ünïcode and padding tests: ?>~\r\n";
        var id = bed.Server.AddMessage(raw);
        await bed.OpenAsync(GmailTestbed.Labels, dryRun: false, Ct);

        var item = Assert.Single(await bed.ListAsync());
        await using var stream = await item.OpenAsync(Ct);
        using var reader = new StreamReader(stream);

        Assert.Equal(id, item.Id);
        Assert.Equal(raw, await reader.ReadToEndAsync(Ct));
    }

    [Fact]
    public async Task Retries_a_get_that_failed_inside_the_batch_on_its_own()
    {
        await using var bed = await GmailTestbed.StartAsync();
        var ids = bed.AddMessages(3);
        bed.Server.EnqueueMessageFault(ids[1], new FakeGmailFault.ServerError());
        await bed.OpenAsync(GmailTestbed.Labels, dryRun: false, Ct);

        var items = await bed.ListAsync();

        Assert.Equal(3, items.Count);
        var gets = bed.Server.Requests.Where(r => r.Call == FakeGmailCall.MessagesGet && r.Path.EndsWith(ids[1], StringComparison.Ordinal)).ToList();
        Assert.Equal([(true, 500), (false, 200)], gets.Select(r => (r.InBatch, r.Status)));
    }

    [Fact]
    public async Task Batches_rate_limited_parts_again_after_one_wait_instead_of_getting_them_one_by_one()
    {
        await using var bed = await GmailTestbed.StartAsync();
        var ids = bed.AddMessages(10);
        await bed.OpenAsync(GmailTestbed.Labels, dryRun: false, Ct);
        bed.Server.EnqueueFault(FakeGmailCall.Batch, new FakeGmailFault.EveryPart(new FakeGmailFault.TooManyRequests(RetryAfterSeconds: 5)));

        var items = await bed.ListAsync();

        Assert.Equal(ids.Order(StringComparer.Ordinal), items.Select(i => i.Id).Order(StringComparer.Ordinal));
        Assert.Equal([TimeSpan.FromSeconds(5)], bed.Waits);
        Assert.Equal(2, bed.Server.CountOf(FakeGmailCall.Batch));
        var gets = bed.Server.Requests.Where(r => r.Call == FakeGmailCall.MessagesGet).ToList();
        Assert.All(gets, r => Assert.True(r.InBatch));
        Assert.Equal([.. Enumerable.Repeat(429, 10), .. Enumerable.Repeat(200, 10)], gets.Select(r => r.Status));
    }

    [Fact]
    public async Task Waits_at_least_the_back_off_and_gets_only_other_failures_alone()
    {
        await using var bed = await GmailTestbed.StartAsync();
        var ids = bed.AddMessages(3);
        await bed.OpenAsync(GmailTestbed.Labels, dryRun: false, Ct);
        bed.Server.EnqueueMessageFault(ids[0], new FakeGmailFault.RateLimitExceeded(PerUser: true));
        bed.Server.EnqueueMessageFault(ids[1], new FakeGmailFault.ServerError());

        var items = await bed.ListAsync();

        Assert.Equal(3, items.Count);
        var wait = Assert.Single(bed.Waits);
        Assert.InRange(wait, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1));
        Assert.Equal([(true, 403), (true, 200)], Gets(bed, ids[0]));
        Assert.Equal([(true, 500), (false, 200)], Gets(bed, ids[1]));
        Assert.Equal(2, bed.Server.CountOf(FakeGmailCall.Batch));
    }

    [Fact]
    public async Task Leaves_parts_still_rate_limited_after_max_retries_for_the_next_run()
    {
        await using var bed = await GmailTestbed.StartAsync(maxRetries: 1);
        var ids = bed.AddMessages(5);
        await bed.OpenAsync(GmailTestbed.Labels, dryRun: false, Ct);
        bed.Server.EnqueueFault(FakeGmailCall.Batch, new FakeGmailFault.EveryPart(new FakeGmailFault.TooManyRequests(RetryAfterSeconds: 3)));
        bed.Server.EnqueueFault(FakeGmailCall.Batch, new FakeGmailFault.EveryPart(new FakeGmailFault.TooManyRequests(RetryAfterSeconds: 3)));

        var items = await bed.ListAsync();

        Assert.Empty(items);
        Assert.Equal([TimeSpan.FromSeconds(3)], bed.Waits);
        Assert.Equal(2, bed.Server.CountOf(FakeGmailCall.Batch));
        Assert.DoesNotContain(bed.Server.Requests, r => r.Call == FakeGmailCall.MessagesGet && !r.InBatch);
        Assert.All(ids, id => Assert.Equal(["INBOX", "UNREAD"], bed.Server.LabelIdsOf(id)));
    }

    [Fact]
    public async Task Skips_a_message_whose_get_fails_in_the_batch_and_alone()
    {
        await using var bed = await GmailTestbed.StartAsync();
        var ids = bed.AddMessages(3);
        bed.Server.EnqueueMessageFault(ids[0], new FakeGmailFault.ServerError());
        bed.Server.EnqueueMessageFault(ids[0], new FakeGmailFault.Forbidden());
        await bed.OpenAsync(GmailTestbed.Labels, dryRun: false, Ct);

        var items = await bed.ListAsync();

        Assert.Equal(ids.Skip(1).Order(StringComparer.Ordinal), items.Select(i => i.Id).Order(StringComparer.Ordinal));
        Assert.Equal(["INBOX", "UNREAD"], bed.Server.LabelIdsOf(ids[0]));
    }

    [Fact]
    public async Task A_refused_batch_is_reported_and_the_next_batches_still_come()
    {
        await using var bed = await GmailTestbed.StartAsync(maxRetries: 1);
        var ids = bed.AddMessages(120);
        await bed.OpenAsync(GmailTestbed.Labels, dryRun: false, Ct);
        var first = await bed.ListAsync();
        await bed.Session.ApplyAsync(Group("Receipts", LabelAction.None, [.. first.Take(50).Select(i => i.Id)]), Ct);
        bed.Server.EnqueueFault(FakeGmailCall.Batch, new FakeGmailFault.ServerError());
        bed.Server.EnqueueFault(FakeGmailCall.Batch, new FakeGmailFault.Unavailable());
        for (var i = 0; i < 4; i++)
        {
            bed.Server.EnqueueFault(FakeGmailCall.Batch, new FakeGmailFault.ServerError());
        }

        var batchesBefore = bed.Server.CountOf(FakeGmailCall.Batch);

        var second = await bed.ListAsync();

        // 70 left: the first batch of 50 is refused twice (the try and its one retry), and so is each of its halves; the
        // batch of 20 comes.
        Assert.Equal(120, first.Count);
        Assert.Equal(20, second.Count);
        Assert.Equal(7, bed.Server.CountOf(FakeGmailCall.Batch) - batchesBefore);
        Assert.Equal(50, bed.Session.ListingFailures.Count);
        Assert.DoesNotContain(bed.Server.Requests, r => r.Call == FakeGmailCall.MessagesGet && !r.InBatch);
        Assert.Equal(70, ids.Count(id => !bed.Server.LabelNamesOf(id).Contains(GmailMailbox.MarkerLabel)));
    }

    [Fact]
    public async Task Two_refused_batches_in_a_row_stop_the_listing_and_leave_the_rest_unmarked()
    {
        await using var bed = await GmailTestbed.StartAsync(maxRetries: 0);
        var ids = bed.AddMessages(150);
        await bed.OpenAsync(GmailTestbed.Labels, dryRun: false, Ct);
        for (var i = 0; i < 6; i++)
        {
            bed.Server.EnqueueFault(FakeGmailCall.Batch, new FakeGmailFault.ServerError());
        }

        var listed = await bed.ListAsync();

        // Each batch refused, and so both its halves.
        Assert.Empty(listed);
        Assert.Equal(6, bed.Server.CountOf(FakeGmailCall.Batch));
        Assert.Equal(100, bed.Session.ListingFailures.Count);
        Assert.All(ids, id => Assert.DoesNotContain(GmailMailbox.MarkerLabel, bed.Server.LabelNamesOf(id)));
    }

    [Fact]
    public async Task Does_not_list_messages_that_already_carry_a_configured_label()
    {
        await using var bed = await GmailTestbed.StartAsync();
        var receipts = bed.Server.AddLabel("receipts");
        var nested = bed.Server.AddLabel("Triage/Old mail");
        var own = bed.Server.AddLabel("Family");
        var labelled = bed.Server.AddMessage(GmailTestbed.Rfc822(1), null, "INBOX", receipts);
        var nestedLabelled = bed.Server.AddMessage(GmailTestbed.Rfc822(2), null, "INBOX", nested);
        var userLabelled = bed.Server.AddMessage(GmailTestbed.Rfc822(3), null, "INBOX", own);
        var plain = bed.Server.AddMessage(GmailTestbed.Rfc822(4));
        await bed.OpenAsync(GmailTestbed.Labels, dryRun: false, Ct);

        var items = await bed.ListAsync();

        Assert.Equal(new[] { userLabelled, plain }.Order(StringComparer.Ordinal), items.Select(i => i.Id).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(bed.Server.Requests, r => r.Call == FakeGmailCall.MessagesGet && (r.Path.EndsWith(labelled, StringComparison.Ordinal) || r.Path.EndsWith(nestedLabelled, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Applies_one_batch_modify_per_label_with_marker_and_archives_by_removing_inbox()
    {
        await using var bed = await GmailTestbed.StartAsync();
        var ids = bed.AddMessages(5);
        await bed.OpenAsync(GmailTestbed.Labels, dryRun: false, Ct);

        var receiptsFailed = await bed.Session.ApplyAsync(Group("Receipts", LabelAction.None, ids[0], ids[1]), Ct);
        var newslettersFailed = await bed.Session.ApplyAsync(Group("newsletters", LabelAction.Archive, ids[2], ids[3], ids[4]), Ct);

        Assert.Empty(receiptsFailed);
        Assert.Empty(newslettersFailed);
        Assert.Equal(2, bed.Server.CountOf(FakeGmailCall.MessagesBatchModify));
        Assert.Equal([GmailMailbox.MarkerLabel, "INBOX", "Receipts", "UNREAD"], bed.Server.LabelNamesOf(ids[0]));
        Assert.Equal([GmailMailbox.MarkerLabel, "Newsletters", "UNREAD"], bed.Server.LabelNamesOf(ids[4]));
        Assert.All(ids, id => Assert.Equal(1, bed.Server.ModifyCountOf(id)));
    }

    [Fact]
    public async Task Lists_nothing_after_every_message_was_labelled()
    {
        await using var bed = await GmailTestbed.StartAsync();
        bed.AddMessages(60);
        await bed.OpenAsync(GmailTestbed.Labels, dryRun: false, Ct);
        var first = await bed.ListAsync();
        await bed.Session.ApplyAsync(Group("Receipts", LabelAction.None, [.. first.Take(30).Select(i => i.Id)]), Ct);
        await bed.Session.ApplyAsync(Group("Review", LabelAction.None, [.. first.Skip(30).Select(i => i.Id)]), Ct);

        var second = new GmailMailbox(bed.Api, bed.Options, Microsoft.Extensions.Logging.Abstractions.NullLogger<GmailMailbox>.Instance);
        await using var secondSession = await second.OpenAsync(GmailTestbed.Labels, dryRun: false, Ct);
        var again = new List<MailboxItem>();
        await foreach (var item in secondSession.ListNewAsync(max: null, Ct))
        {
            again.Add(item);
        }

        Assert.Equal(60, first.Count);
        Assert.Empty(again);
    }

    [Fact]
    public async Task Splits_a_group_larger_than_1000_ids()
    {
        await using var bed = await GmailTestbed.StartAsync();
        var ids = bed.AddMessages(1_001);
        await bed.OpenAsync(GmailTestbed.Labels, dryRun: false, Ct);

        var failed = await bed.Session.ApplyAsync(Group("Receipts", LabelAction.None, [.. ids]), Ct);

        Assert.Empty(failed);
        Assert.Equal(2, bed.Server.CountOf(FakeGmailCall.MessagesBatchModify));
    }

    [Fact]
    public async Task Returns_the_ids_of_a_group_whose_batch_modify_fails()
    {
        await using var bed = await GmailTestbed.StartAsync();
        var ids = bed.AddMessages(2);
        await bed.OpenAsync(GmailTestbed.Labels, dryRun: false, Ct);
        bed.Server.EnqueueFault(FakeGmailCall.MessagesBatchModify, new FakeGmailFault.Forbidden());

        var failed = await bed.Session.ApplyAsync(Group("Receipts", LabelAction.None, [.. ids]), Ct);

        Assert.Equal(ids.Order(StringComparer.Ordinal), failed.Order(StringComparer.Ordinal));
        Assert.All(ids, id => Assert.Equal(["INBOX", "UNREAD"], bed.Server.LabelIdsOf(id)));
    }

    [Fact]
    public async Task Returns_every_id_when_the_label_was_never_prepared()
    {
        await using var bed = await GmailTestbed.StartAsync();
        var ids = bed.AddMessages(1);
        await bed.OpenAsync(GmailTestbed.Labels, dryRun: true, Ct);

        var failed = await bed.Session.ApplyAsync(Group("Receipts", LabelAction.None, [.. ids]), Ct);

        Assert.Equal(ids, failed);
        Assert.Equal(0, bed.Server.CountOf(FakeGmailCall.MessagesBatchModify));
    }

    [Theory]
    [InlineData(100, 6)]
    [InlineData(1_000, 25)]
    public async Task A_run_costs_a_few_requests_per_hundred_messages_and_stays_within_quota(int count, int expectedRequests)
    {
        await using var bed = await GmailTestbed.StartAsync();
        await bed.OpenAsync(GmailTestbed.Labels, dryRun: false, Ct);
        var ids = bed.AddMessages(count);
        bed.Server.QuotaUnitsPerMinute = 15_000;
        var before = bed.Server.HttpRequestCount;

        var mailbox = new GmailMailbox(bed.Api, bed.Options, Microsoft.Extensions.Logging.Abstractions.NullLogger<GmailMailbox>.Instance);
        await using var session = await mailbox.OpenAsync(GmailTestbed.Labels, dryRun: false, Ct);
        var items = new List<MailboxItem>();
        await foreach (var item in session.ListNewAsync(max: null, Ct))
        {
            items.Add(item);
        }

        var half = items.Count / 2;
        await session.ApplyAsync(Group("Receipts", LabelAction.None, [.. items.Take(half).Select(i => i.Id)]), Ct);
        await session.ApplyAsync(Group("Newsletters", LabelAction.Archive, [.. items.Skip(half).Select(i => i.Id)]), Ct);

        // ceil(N/500) list pages + ceil(N/50) batches + one modify per label used + labels.list (+ creates on a first run),
        // against 2N + 1 for getting and modifying each message on its own.
        var requests = bed.Server.HttpRequestCount - before;
        var labelsUsed = 2;
        Assert.Equal(count, items.Count);
        Assert.Equal(expectedRequests, requests);
        Assert.InRange(requests, 1, Ceiling(count, 500) + Ceiling(count, 50) + labelsUsed + 2);
        Assert.Equal(0, bed.Server.QuotaRejections);
        Assert.DoesNotContain(bed.Server.Requests, r => r.Status == 429);
        Assert.All(ids, id => Assert.Contains(GmailMailbox.MarkerLabel, bed.Server.LabelNamesOf(id)));
    }

    private static List<(bool InBatch, int Status)> Gets(GmailTestbed bed, string id) =>
        [.. bed.Server.Requests.Where(r => r.Call == FakeGmailCall.MessagesGet && r.Path.EndsWith(id, StringComparison.Ordinal)).Select(r => (r.InBatch, r.Status))];

    private static int Ceiling(int n, int size) => (n + size - 1) / size;

    private static LabelGroup Group(string label, LabelAction action, params string[] ids) =>
        new(label, action, [.. ids.Select(id => new LabelAssignment(id, DecisionSource.Rule, "test"))]);

    [Fact]
    public async Task The_mailbox_is_identified_by_the_account_address_not_by_how_the_api_was_reached()
    {
        await using var bed = await GmailTestbed.StartAsync();
        bed.Server.EmailAddress = "Someone@Example.com";
        var local = new GmailOptions { ApiBaseUrl = bed.Server.BaseUrl.ToString().Replace("127.0.0.1", "localhost", StringComparison.Ordinal) };
        using var localApi = Gmail.Api.GmailApiFactory.Create(local, null);
        var account = new GmailAccount();
        var viaLocalhost = new GmailMailbox(localApi, local, Microsoft.Extensions.Logging.Abstractions.NullLogger<GmailMailbox>.Instance, account);

        var first = await bed.Mailbox.IdentifyAsync(Ct);
        var second = await viaLocalhost.IdentifyAsync(Ct);
        var again = await viaLocalhost.IdentifyAsync(Ct);

        Assert.NotEqual(bed.Mailbox.Description, viaLocalhost.Description);
        Assert.Equal("gmail SOMEONE@EXAMPLE.COM", first);
        Assert.Equal(first, second);
        Assert.Equal(first, again);

        // Asked once per sign-in: the second mailbox's account already knew its address the second time.
        Assert.Equal(2, bed.Server.CountOf(FakeGmailCall.GetProfile));
    }
}
