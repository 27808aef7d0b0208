using EmailTriage.Classification;
using System.Globalization;
using System.Text;
using System.Text.Json;
using EmailTriage.Filing;
using EmailTriage.Gmail.Filing;
using EmailTriage.Labels;
using EmailTriage.Mailboxes;
using EmailTriage.Testing;
using Microsoft.Extensions.Logging;

namespace EmailTriage.Gmail.Tests.Filing;

/// <summary>GmailSession's filing feedback against the fake Gmail server, over real HTTP, one session per run.</summary>
public sealed class GmailFilingFeedbackTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task First_run_keeps_the_current_history_id_and_returns_nothing()
    {
        await using var bed = await GmailTestbed.StartAsync();
        var ids = bed.AddMessages(2);
        bed.Server.AddLabel("Receipts");
        bed.Server.UserRelabel(ids[0], add: "Receipts");
        var store = new MemoryStateStore();
        var session = await bed.OpenAsync(GmailTestbed.Labels, dryRun: false, Ct, store);

        var events = await ReadAsync(session, store);
        var storedBeforeCommit = store[GmailFilingStateFile.Name];
        await session.CommitFilingAsync(Ct);

        Assert.Empty(events);
        Assert.Null(storedBeforeCommit);
        Assert.Equal(bed.Server.HistoryId, StoredHistoryId(store));
        Assert.Equal(0, bed.Server.CountOf(FakeGmailCall.HistoryList));
    }

    [Fact]
    public async Task A_relabel_of_a_triaged_message_is_one_correction_with_the_new_label()
    {
        await using var bed = await GmailTestbed.StartAsync();
        var ids = bed.AddMessages(3);
        var store = new MemoryStateStore();
        await RunAsync(bed, store);
        await ApplyAsync(bed, "Receipts", ids[0], ids[1]);
        bed.Server.UserRelabel(ids[0], remove: "Receipts", add: "Newsletters");

        var events = await RunAsync(bed, store);

        var filing = Assert.Single(events);
        Assert.Equal((ids[0], "Newsletters", FilingKind.Corrected), (filing.Item.Id, filing.Label, filing.Kind));
        var history = bed.Server.Requests.Single(r => r.Call == FakeGmailCall.HistoryList);
        Assert.Equal("labelAdded,labelRemoved", history.QueryValue("historyTypes"));
        Assert.Equal("500", history.QueryValue("maxResults"));
    }

    [Fact]
    public async Task Content_is_fetched_as_raw_only_when_an_event_is_opened()
    {
        await using var bed = await GmailTestbed.StartAsync();
        var ids = bed.AddMessages(2);
        var store = new MemoryStateStore();
        await RunAsync(bed, store);
        await ApplyAsync(bed, "Receipts", ids[1]);
        bed.Server.UserRelabel(ids[1], remove: "Receipts", add: "Triage/Old mail");

        var filing = Assert.Single(await RunAsync(bed, store));
        var getsBeforeOpening = bed.Server.CountOf(FakeGmailCall.MessagesGet);
        await using var content = await filing.Item.OpenAsync(Ct);
        using var reader = new StreamReader(content, Encoding.UTF8);

        Assert.Equal("Triage/Old mail", filing.Label);
        Assert.Equal(0, getsBeforeOpening);
        Assert.Equal(GmailTestbed.Rfc822(2), await reader.ReadToEndAsync(Ct));
        var get = bed.Server.Requests.Single(r => r.Call == FakeGmailCall.MessagesGet);
        Assert.Equal("raw", get.QueryValue("format"));
        Assert.EndsWith(ids[1], get.Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Our_own_applies_are_not_events()
    {
        await using var bed = await GmailTestbed.StartAsync();
        var ids = bed.AddMessages(4);
        var store = new MemoryStateStore();
        await RunAsync(bed, store);
        await ApplyAsync(bed, "Receipts", ids[0], ids[1]);
        await bed.Session.ApplyAsync(Group("Newsletters", LabelAction.Archive, ids[2]), Ct);
        await ApplyAsync(bed, "Review", ids[3]);

        var events = await RunAsync(bed, store);

        Assert.Empty(events);
        Assert.Contains(bed.Server.History, r => r.Changes.Any(c => c.Type == FakeGmailHistoryChange.LabelRemoved && c.LabelIds.Contains("INBOX")));
    }

    [Fact]
    public async Task A_configured_label_added_by_hand_to_an_untriaged_message_is_filed()
    {
        await using var bed = await GmailTestbed.StartAsync();
        var ids = bed.AddMessages(2);
        var store = new MemoryStateStore();
        await RunAsync(bed, store);
        bed.Server.UserRelabel(ids[1], remove: "INBOX", add: "Receipts");
        var other = bed.Server.AddLabel("Not configured");
        bed.Server.UserRelabel(ids[0], add: other);

        var filing = Assert.Single(await RunAsync(bed, store));

        Assert.Equal((ids[1], "Receipts", FilingKind.Filed), (filing.Item.Id, filing.Label, filing.Kind));
    }

    [Fact]
    public async Task Two_relabels_of_one_message_give_one_event_with_the_last_label()
    {
        await using var bed = await GmailTestbed.StartAsync();
        var ids = bed.AddMessages(1);
        var store = new MemoryStateStore();
        await RunAsync(bed, store);
        await ApplyAsync(bed, "Receipts", ids[0]);
        bed.Server.UserRelabel(ids[0], remove: "Receipts", add: "Newsletters");
        bed.Server.UserRelabel(ids[0], remove: "Newsletters", add: "Triage/Old mail");

        var filing = Assert.Single(await RunAsync(bed, store));

        Assert.Equal(("Triage/Old mail", FilingKind.Corrected), (filing.Label, filing.Kind));
    }

    [Fact]
    public async Task A_relabel_back_to_the_apps_label_within_one_read_is_nothing()
    {
        await using var bed = await GmailTestbed.StartAsync();
        var ids = bed.AddMessages(1);
        var store = new MemoryStateStore();
        await RunAsync(bed, store);
        await ApplyAsync(bed, "Receipts", ids[0]);
        bed.Server.UserRelabel(ids[0], remove: "Receipts", add: "Newsletters");
        bed.Server.UserRelabel(ids[0], remove: "Newsletters", add: "Receipts");

        Assert.Empty(await RunAsync(bed, store));
    }

    [Fact]
    public async Task A_removal_alone_teaches_nothing()
    {
        await using var bed = await GmailTestbed.StartAsync();
        var ids = bed.AddMessages(2);
        var store = new MemoryStateStore();
        await RunAsync(bed, store);
        await ApplyAsync(bed, "Receipts", ids[0]);
        bed.Server.UserRelabel(ids[0], remove: "Receipts");
        bed.Server.UserRelabel(ids[1], remove: "INBOX");

        Assert.Empty(await RunAsync(bed, store));
    }

    [Fact]
    public async Task A_message_with_two_configured_labels_is_skipped()
    {
        await using var bed = await GmailTestbed.StartAsync();
        var ids = bed.AddMessages(3);
        var store = new MemoryStateStore();
        await RunAsync(bed, store);
        await ApplyAsync(bed, "Receipts", ids[0]);
        bed.Server.UserRelabel(ids[0], add: "Newsletters");
        bed.Server.UserRelabel(ids[1], add: "Receipts");
        bed.Server.UserRelabel(ids[1], add: "Newsletters");
        bed.Server.UserRelabel(ids[2], add: "Review");

        var filing = Assert.Single(await RunAsync(bed, store));

        Assert.Equal((ids[2], "Review", FilingKind.Filed), (filing.Item.Id, filing.Label, filing.Kind));
    }

    [Fact]
    public async Task Reads_every_page_of_history()
    {
        await using var bed = await GmailTestbed.StartAsync();
        var ids = bed.AddMessages(5);
        var store = new MemoryStateStore();
        await RunAsync(bed, store);
        await ApplyAsync(bed, "Receipts", ids[0], ids[1]);
        bed.Server.UserRelabel(ids[0], remove: "Receipts", add: "Newsletters");
        bed.Server.UserRelabel(ids[2], add: "Receipts");
        bed.Server.UserRelabel(ids[3], add: "Review");
        bed.Server.UserRelabel(ids[1], remove: "Receipts", add: "Review");
        bed.Server.MaxHistoryPageSize = 3;

        var events = await RunAsync(bed, store);

        Assert.Equal(
            [(ids[0], "Newsletters", FilingKind.Corrected), (ids[2], "Receipts", FilingKind.Filed), (ids[3], "Review", FilingKind.Filed), (ids[1], "Review", FilingKind.Corrected)],
            events.Select(e => (e.Item.Id, e.Label, e.Kind)));
        var pages = bed.Server.Requests.Where(r => r.Call == FakeGmailCall.HistoryList).ToList();
        Assert.Equal(2, pages.Count);
        Assert.Null(pages[0].QueryValue("pageToken"));
        Assert.NotNull(pages[1].QueryValue("pageToken"));
        Assert.All(pages, p => Assert.Equal(pages[0].QueryValue("startHistoryId"), p.QueryValue("startHistoryId")));
        Assert.Equal(bed.Server.HistoryId, StoredHistoryId(store));
    }

    [Fact]
    public async Task Reading_twice_without_commit_gives_the_same_events_and_none_after_commit()
    {
        await using var bed = await GmailTestbed.StartAsync();
        var ids = bed.AddMessages(2);
        var store = new MemoryStateStore();
        await RunAsync(bed, store);
        await ApplyAsync(bed, "Receipts", ids[0]);
        bed.Server.UserRelabel(ids[0], remove: "Receipts", add: "Newsletters");
        bed.Server.UserRelabel(ids[1], add: "Review");

        var killed = await RunAsync(bed, store, commit: false);
        var again = await RunAsync(bed, store);
        var afterCommit = await RunAsync(bed, store);

        Assert.Equal(2, killed.Count);
        Assert.Equal(killed.Select(e => (e.Item.Id, e.Label, e.Kind)), again.Select(e => (e.Item.Id, e.Label, e.Kind)));
        Assert.Empty(afterCommit);
    }

    [Fact]
    public async Task A_reader_that_stops_early_commits_nothing()
    {
        await using var bed = await GmailTestbed.StartAsync();
        var ids = bed.AddMessages(2);
        var store = new MemoryStateStore();
        await RunAsync(bed, store);
        var cursor = StoredHistoryId(store);
        bed.Server.UserRelabel(ids[0], add: "Receipts");
        bed.Server.UserRelabel(ids[1], add: "Review");
        var session = await bed.OpenAsync(GmailTestbed.Labels, dryRun: false, Ct, store);

        await foreach (var _ in session.ReadFilingAsync(Ct))
        {
            break;
        }

        await session.CommitFilingAsync(Ct);

        Assert.Equal(cursor, StoredHistoryId(store));
        Assert.Equal(2, (await RunAsync(bed, store)).Count);
    }

    [Fact]
    public async Task Remembers_what_the_app_applied_across_runs_and_the_users_correction_since()
    {
        await using var bed = await GmailTestbed.StartAsync();
        var ids = bed.AddMessages(1);
        var store = new MemoryStateStore();
        await RunAsync(bed, store);

        // As the triage runner does it: read and commit first, then apply; the next run's read sees the apply.
        await ApplyAsync(bed, "Receipts", ids[0]);
        Assert.Empty(await RunAsync(bed, store));
        Assert.Equal([(ids[0], "Receipts")], StoredApplied(store));
        bed.Server.UserRelabel(ids[0], remove: "Receipts", add: "Newsletters");
        var first = Assert.Single(await RunAsync(bed, store));
        bed.Server.UserRelabel(ids[0], remove: "Newsletters", add: "Receipts");
        var second = Assert.Single(await RunAsync(bed, store));

        Assert.Equal(("Newsletters", FilingKind.Corrected), (first.Label, first.Kind));
        Assert.Equal(("Receipts", FilingKind.Corrected), (second.Label, second.Kind));
        Assert.Equal([(ids[0], "Receipts")], StoredApplied(store));
    }

    [Fact]
    public async Task Expired_history_means_one_full_scan_that_finds_only_the_corrected_message()
    {
        await using var bed = await GmailTestbed.StartAsync();
        var ids = bed.AddMessages(5);
        var store = new MemoryStateStore();
        await RunAsync(bed, store);
        await ApplyAsync(bed, "Receipts", ids[0], ids[1], ids[2]);
        await RunAsync(bed, store);
        bed.Server.UserRelabel(ids[0], remove: "Receipts", add: "Newsletters");
        bed.Server.UserRelabel(ids[1], add: "Review");
        bed.Server.UserRelabel(ids[3], add: "Receipts");
        bed.Server.ExpireHistoryBefore(bed.Server.HistoryId);
        var before = bed.Server.Requests.Count;

        var filing = Assert.Single(await RunAsync(bed, store));

        Assert.Equal((ids[0], "Newsletters", FilingKind.Corrected), (filing.Item.Id, filing.Label, filing.Kind));
        var scan = bed.Server.Requests.Skip(before).ToList();
        Assert.Equal(404, scan.Single(r => r.Call == FakeGmailCall.HistoryList).Status);
        var marker = bed.LabelId(GmailMailbox.MarkerLabel);
        var lists = scan.Where(r => r.Call == FakeGmailCall.MessagesList).ToList();
        Assert.Equal(4, lists.Count);
        Assert.All(lists, r => Assert.StartsWith(marker + ",", r.QueryValue("labelIds"), StringComparison.Ordinal));
        Assert.Equal(bed.Server.HistoryId, StoredHistoryId(store));
        Assert.Empty(await RunAsync(bed, store));
        Assert.Equal(200, bed.Server.Requests.Last(r => r.Call == FakeGmailCall.HistoryList).Status);
    }

    [Fact]
    public async Task Expired_history_is_a_warning_that_says_a_full_scan_was_done()
    {
        await using var bed = await GmailTestbed.StartAsync();
        var logger = new RecordingLogger<GmailMailbox>();
        var mailbox = new GmailMailbox(bed.Api, bed.Options, logger);
        var store = new MemoryStateStore();
        await using (var first = await mailbox.OpenAsync(GmailTestbed.Labels, dryRun: false, Ct, store))
        {
            await ReadAsync(first, store);
            await first.CommitFilingAsync(Ct);
        }

        bed.AddMessages(1);
        bed.Server.ExpireHistoryBefore(bed.Server.HistoryId);
        await using var session = await mailbox.OpenAsync(GmailTestbed.Labels, dryRun: false, Ct, store);

        Assert.Empty(await ReadAsync(session, store));
        var warning = Assert.Single(logger.Lines, l => l.Level == LogLevel.Warning);
        Assert.Contains("has expired, so one full scan was done", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreadable_state_item_starts_again_from_now()
    {
        await using var bed = await GmailTestbed.StartAsync();
        var ids = bed.AddMessages(1);
        var store = new MemoryStateStore { [GmailFilingStateFile.Name] = "{ not json"u8.ToArray() };
        bed.Server.AddLabel("Receipts");
        bed.Server.UserRelabel(ids[0], add: "Receipts");

        Assert.Empty(await RunAsync(bed, store));
        Assert.Equal(bed.Server.HistoryId, StoredHistoryId(store));
    }

    [Fact]
    public async Task Commit_without_a_read_writes_nothing()
    {
        await using var bed = await GmailTestbed.StartAsync();
        var store = new MemoryStateStore();
        var session = await bed.OpenAsync(GmailTestbed.Labels, dryRun: false, Ct, store);

        await session.CommitFilingAsync(Ct);

        Assert.Equal(0, store.Writes);
    }

    private static async Task<List<FilingEvent>> ReadAsync(GmailSession session, MemoryStateStore store)
    {
        var events = new List<FilingEvent>();
        await foreach (var filing in session.ReadFilingAsync(Ct))
        {
            events.Add(filing);
        }

        return events;
    }

    /// <summary>One run's part in learning: open a session, read what the user did, and commit (or be killed before).</summary>
    private static async Task<List<FilingEvent>> RunAsync(GmailTestbed bed, MemoryStateStore store, bool commit = true)
    {
        var session = await bed.OpenAsync(GmailTestbed.Labels, dryRun: false, Ct, store);
        var events = await ReadAsync(session, store);
        if (commit)
        {
            await session.CommitFilingAsync(Ct);
        }

        return events;
    }

    private static async Task ApplyAsync(GmailTestbed bed, string label, params string[] ids) =>
        Assert.Empty(await bed.Session.ApplyAsync(Group(label, LabelAction.None, ids), Ct));

    private static LabelGroup Group(string label, LabelAction action, params string[] ids) =>
        new(label, action, [.. ids.Select(id => new LabelAssignment(id, DecisionSource.Rule, "test"))]);

    private static ulong StoredHistoryId(MemoryStateStore store)
    {
        using var json = JsonDocument.Parse(store[GmailFilingStateFile.Name] ?? throw new InvalidOperationException("Nothing was committed."));
        return ulong.Parse(json.RootElement.GetProperty("historyId").GetString()!, CultureInfo.InvariantCulture);
    }

    private static List<(string Id, string Label)> StoredApplied(MemoryStateStore store)
    {
        using var json = JsonDocument.Parse(store[GmailFilingStateFile.Name]!);
        return [.. json.RootElement.GetProperty("applied").EnumerateArray().Select(e => (e.GetProperty("id").GetString()!, e.GetProperty("label").GetString()!))];
    }
}
