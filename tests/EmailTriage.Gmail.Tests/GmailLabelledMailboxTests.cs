using EmailTriage.Configuration;
using EmailTriage.Evaluation;
using EmailTriage.Labels;
using EmailTriage.Mailboxes;
using EmailTriage.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmailTriage.Gmail.Tests;

public sealed class GmailLabelledMailboxTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static GmailLabelledMailbox Labelled(GmailTestbed bed) => new(bed.Api, bed.Options, NullLogger<GmailLabelledMailbox>.Instance);

    private static async Task<List<LabelledMessage>> ListAsync(GmailLabelledMailbox mailbox)
    {
        var messages = new List<LabelledMessage>();
        await foreach (var message in mailbox.ListAsync(GmailTestbed.Labels, Ct))
        {
            messages.Add(message);
        }

        return messages;
    }

    private static Dictionary<string, string> Truths(IEnumerable<LabelledMessage> messages) =>
        messages.ToDictionary(m => m.Item.Id, m => m.Truth, StringComparer.Ordinal);

    // Which parts each multipart batch carried: the server logs a batch, then each of its parts.
    private static List<int> BatchSizes(FakeGmailServer server)
    {
        var sizes = new List<int>();
        foreach (var request in server.Requests)
        {
            if (request.Call == FakeGmailCall.Batch)
            {
                sizes.Add(0);
            }
            else if (request.InBatch)
            {
                sizes[^1]++;
            }
        }

        return sizes;
    }

    [Fact]
    public async Task Truth_is_the_one_configured_label_each_message_carries()
    {
        await using var bed = await GmailTestbed.StartAsync();
        var receipts = bed.Server.AddLabel("receipts");
        var nested = bed.Server.AddLabel("Triage/Old mail");
        var review = bed.Server.AddLabel("Review");
        var family = bed.Server.AddLabel("Family");
        var marker = bed.Server.AddLabel(GmailMailbox.MarkerLabel, hidden: true);
        var byUser = bed.Server.AddMessage(GmailTestbed.Rfc822(1), null, "INBOX", receipts);
        var keptFromTriage = bed.Server.AddMessage(GmailTestbed.Rfc822(2), null, receipts, marker);
        var old = bed.Server.AddMessage(GmailTestbed.Rfc822(3), null, nested);
        var unsure = bed.Server.AddMessage(GmailTestbed.Rfc822(4), null, "INBOX", review, family);
        bed.Server.AddMessage(GmailTestbed.Rfc822(5), null, "INBOX", family);
        bed.Server.AddMessage(GmailTestbed.Rfc822(6));

        var truths = Truths(await ListAsync(Labelled(bed)));

        Assert.Equal(
            new Dictionary<string, string> { [byUser] = "receipts", [keptFromTriage] = "receipts", [old] = "Triage/Old mail", [unsure] = "Review" },
            truths);
    }

    [Fact]
    public async Task Lists_by_exact_label_id_page_by_page()
    {
        await using var bed = await GmailTestbed.StartAsync();
        var receipts = bed.Server.AddLabel("Receipts");
        var nested = bed.Server.AddLabel("Triage/Old mail");
        for (var n = 0; n < 600; n++)
        {
            bed.Server.AddMessage(GmailTestbed.Rfc822(n), null, receipts);
        }

        bed.Server.AddMessage(GmailTestbed.Rfc822(600), null, nested);

        var messages = await ListAsync(Labelled(bed));

        Assert.Equal(601, messages.Select(m => m.Item.Id).Distinct().Count());
        var lists = bed.Server.Requests.Where(r => r.Call == FakeGmailCall.MessagesList).ToList();
        Assert.Equal([(receipts, null), (receipts, "500"), (nested, null)], lists.Select(r => (r.QueryValue("labelIds"), r.QueryValue("pageToken"))));
        Assert.All(lists, r => Assert.Null(r.QueryValue("q")));
    }

    [Fact]
    public async Task Messages_with_two_configured_labels_are_left_out_and_counted()
    {
        await using var bed = await GmailTestbed.StartAsync();
        var receipts = bed.Server.AddLabel("Receipts");
        var newsletters = bed.Server.AddLabel("Newsletters");
        var review = bed.Server.AddLabel("Review");
        var clear = bed.Server.AddMessage(GmailTestbed.Rfc822(1), null, receipts);
        var both = bed.Server.AddMessage(GmailTestbed.Rfc822(2), null, receipts, newsletters);
        var three = bed.Server.AddMessage(GmailTestbed.Rfc822(3), null, receipts, newsletters, review);
        var mailbox = Labelled(bed);

        var truths = Truths(await ListAsync(mailbox));

        Assert.Equal([clear], truths.Keys);
        var summary = mailbox.Summary!;
        Assert.Equal((1, 2, 1, 0), (summary.Labelled, summary.Ambiguous, summary.Chosen, summary.Unreadable));
        Assert.DoesNotContain(bed.Server.Requests, r => r.Call == FakeGmailCall.MessagesGet && (r.Path.EndsWith(both, StringComparison.Ordinal) || r.Path.EndsWith(three, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Changes_nothing_and_a_label_missing_from_gmail_just_has_no_truth()
    {
        await using var bed = await GmailTestbed.StartAsync();
        var receipts = bed.Server.AddLabel("Receipts");
        var id = bed.Server.AddMessage(GmailTestbed.Rfc822(1), null, "INBOX", "UNREAD", receipts);
        var labelsBefore = bed.Server.Labels;
        var mailbox = Labelled(bed);

        var messages = await ListAsync(mailbox);

        Assert.Single(messages);
        Assert.Equal(["Newsletters", "Triage/Old mail", "Review"], mailbox.Summary!.NotInGmail);
        Assert.Equal(0, bed.Server.CountOf(FakeGmailCall.LabelsCreate));
        Assert.Equal(0, bed.Server.CountOf(FakeGmailCall.MessagesBatchModify));
        Assert.Equal(labelsBefore, bed.Server.Labels);
        Assert.Equal(["INBOX", receipts, "UNREAD"], bed.Server.LabelIdsOf(id));
        Assert.Equal(0, bed.Server.ModifyCountOf(id));
        Assert.All(bed.Server.Requests, r => Assert.True(r.Method == "GET" || r.Call == FakeGmailCall.Batch, $"{r.Method} {r.Path}"));
    }

    [Fact]
    public async Task Fetches_raw_content_in_batches_of_at_most_50_gets()
    {
        await using var bed = await GmailTestbed.StartAsync();
        var receipts = bed.Server.AddLabel("Receipts");
        var raw = GmailTestbed.Rfc822(0) + "Ünïcode?>~\r\n";
        var first = bed.Server.AddMessage(raw, null, receipts);
        for (var n = 1; n < 120; n++)
        {
            bed.Server.AddMessage(GmailTestbed.Rfc822(n), null, receipts);
        }

        var messages = await ListAsync(Labelled(bed));

        Assert.Equal(120, messages.Count);
        Assert.Equal([50, 50, 20], BatchSizes(bed.Server));
        var gets = bed.Server.Requests.Where(r => r.Call == FakeGmailCall.MessagesGet).ToList();
        Assert.Equal(120, gets.Count);
        Assert.All(gets, r => Assert.True(r.InBatch));
        Assert.All(gets, r => Assert.Equal("raw", r.QueryValue("format")));
        await using var stream = await messages.Single(m => m.Item.Id == first).Item.OpenAsync(Ct);
        using var reader = new StreamReader(stream);
        Assert.Equal(raw, await reader.ReadToEndAsync(Ct));
    }

    [Fact]
    public async Task A_sample_is_chosen_on_ids_before_any_content_is_fetched()
    {
        await using var bed = await GmailTestbed.StartAsync();
        var receipts = bed.Server.AddLabel("Receipts");
        var newsletters = bed.Server.AddLabel("Newsletters");
        var ids = Enumerable.Range(0, 200).Select(n => bed.Server.AddMessage(GmailTestbed.Rfc822(n), null, n % 2 == 0 ? receipts : newsletters)).ToList();

        var set = await EvalSet.LoadAsync(Labelled(bed), GmailTestbed.Labels, sample: 10, seed: 7, Ct);

        Assert.Equal((10, 200, 10, 7), (set.Messages.Count, set.Available, set.Sample!.Value, set.Seed));
        Assert.Equal(EvalSample.ChooseIds(ids, 10, 7), set.Messages.Select(m => m.Item.Id));
        Assert.Equal(10, bed.Server.CountOf(FakeGmailCall.MessagesGet));
        Assert.Equal([10], BatchSizes(bed.Server));
        Assert.Equal(
            set.Messages.Select(m => m.Item.Id).Order(StringComparer.Ordinal),
            bed.Server.Requests.Where(r => r.Call == FakeGmailCall.MessagesGet).Select(r => r.Path.Split('/')[^1]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Skips_a_message_whose_content_cannot_be_fetched_and_counts_it()
    {
        await using var bed = await GmailTestbed.StartAsync();
        var receipts = bed.Server.AddLabel("Receipts");
        var ids = Enumerable.Range(0, 3).Select(n => bed.Server.AddMessage(GmailTestbed.Rfc822(n), null, receipts)).ToList();
        bed.Server.EnqueueMessageFault(ids[1], new FakeGmailFault.ServerError());
        bed.Server.EnqueueMessageFault(ids[1], new FakeGmailFault.Forbidden());
        var mailbox = Labelled(bed);

        var sample = await mailbox.ListSampleAsync(GmailTestbed.Labels, sample: null, seed: 42, Ct);

        Assert.Equal([ids[0], ids[2]], sample.Messages.Select(m => m.Item.Id).Order(StringComparer.Ordinal));
        Assert.Equal(3, sample.Available);
        Assert.Equal((3, 1), (mailbox.Summary!.Chosen, mailbox.Summary.Unreadable));
    }

    [Fact]
    public async Task A_batch_refused_as_a_whole_and_its_message_alone_stops_the_evaluation()
    {
        await using var bed = await GmailTestbed.StartAsync(maxRetries: 0);
        var receipts = bed.Server.AddLabel("Receipts");
        bed.Server.AddMessage(GmailTestbed.Rfc822(1), null, receipts);
        bed.Server.EnqueueFault(FakeGmailCall.Batch, new FakeGmailFault.ServerError());
        bed.Server.EnqueueFault(FakeGmailCall.MessagesGet, new FakeGmailFault.ServerError());

        var error = await Assert.ThrowsAsync<MailboxUnavailableException>(() => ListAsync(Labelled(bed)));

        Assert.Contains("Nothing was changed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_labelled_message_is_an_error_that_says_what_to_do()
    {
        await using var bed = await GmailTestbed.StartAsync();
        var receipts = bed.Server.AddLabel("Receipts");
        var newsletters = bed.Server.AddLabel("Newsletters");
        bed.Server.AddMessage(GmailTestbed.Rfc822(1), null, receipts, newsletters);
        bed.Server.AddMessage(GmailTestbed.Rfc822(2));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ListAsync(Labelled(bed)));

        Assert.Contains("no message carrying exactly one of the labels in labels.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("1 carry two or more", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, bed.Server.CountOf(FakeGmailCall.MessagesGet));
    }

    [Fact]
    public async Task A_configured_label_named_like_a_system_label_is_a_settings_error()
    {
        await using var bed = await GmailTestbed.StartAsync();
        bed.Server.AddMessage(GmailTestbed.Rfc822(1), null, "INBOX", "STARRED");
        var labels = new LabelConfig([new LabelDefinition("Starred", "Clashes with Gmail", [], [], LabelAction.None)], null, "labels.json");

        var ex = await Assert.ThrowsAsync<SettingsException>(() => Labelled(bed).ListSampleAsync(labels, sample: null, seed: 1, Ct));

        Assert.Contains("'Starred'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("LABEL_CONFIG_FILE", ex.Message, StringComparison.Ordinal);
        Assert.Empty(bed.Server.Requests);
    }
}
