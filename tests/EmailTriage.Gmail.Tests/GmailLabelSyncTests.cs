using System.Net;
using EmailTriage.Configuration;
using EmailTriage.Labels;
using EmailTriage.Testing;
using Google;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmailTriage.Gmail.Tests;

public sealed class GmailLabelSyncTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Creates_configured_labels_fallback_and_hidden_marker_once()
    {
        await using var bed = await GmailTestbed.StartAsync();

        await bed.OpenAsync(GmailTestbed.Labels, dryRun: false, Ct);
        await bed.OpenAsync(GmailTestbed.Labels, dryRun: false, Ct);

        var user = bed.Server.Labels.Where(l => l.Type == "user").ToList();
        Assert.Equal(["EmailTriage/Triaged", "Newsletters", "Receipts", "Review", "Triage/Old mail"], user.Select(l => l.Name).Order(StringComparer.Ordinal));
        Assert.Equal(5, bed.Server.CountOf(FakeGmailCall.LabelsCreate));
        Assert.Equal(2, bed.Server.CountOf(FakeGmailCall.LabelsList));
        Assert.Empty(bed.Session.LabelSync.Created);

        var marker = user.Single(l => l.Name == GmailMailbox.MarkerLabel);
        Assert.Equal(("labelHide", "hide"), (marker.LabelListVisibility, marker.MessageListVisibility));
        var receipts = user.Single(l => l.Name == "Receipts");
        Assert.Equal(("labelShow", "show"), (receipts.LabelListVisibility, receipts.MessageListVisibility));
    }

    [Fact]
    public async Task Reuses_an_existing_label_whatever_its_case()
    {
        await using var bed = await GmailTestbed.StartAsync();
        var existing = bed.Server.AddLabel("RECEIPTS");

        await bed.OpenAsync(GmailTestbed.Labels, dryRun: false, Ct);

        Assert.Equal(existing, bed.Session.LabelSync.Ids["Receipts"]);
        Assert.DoesNotContain(bed.Server.Requests, r => r.Call == FakeGmailCall.LabelsCreate && r.Body!.Contains("\"Receipts\"", StringComparison.Ordinal));
        Assert.Single(bed.Server.Labels, l => string.Equals(l.Name, "receipts", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Uses_the_label_another_run_created_when_create_answers_409()
    {
        await using var bed = await GmailTestbed.StartAsync();
        bed.Server.CreateConcurrently("Newsletters");

        await bed.OpenAsync(GmailTestbed.Labels, dryRun: false, Ct);

        Assert.Contains(bed.Server.Requests, r => r.Call == FakeGmailCall.LabelsCreate && r.Status == 409);
        Assert.Equal(bed.LabelId("Newsletters"), bed.Session.LabelSync.Ids["Newsletters"]);
        Assert.Single(bed.Server.Labels, l => l.Name == "Newsletters");
        Assert.DoesNotContain("Newsletters", bed.Session.LabelSync.Created);
    }

    [Fact]
    public async Task Dry_run_creates_nothing_and_reports_what_is_missing()
    {
        await using var bed = await GmailTestbed.StartAsync();
        bed.Server.AddLabel("Receipts");

        await bed.OpenAsync(GmailTestbed.Labels, dryRun: true, Ct);

        Assert.Equal(0, bed.Server.CountOf(FakeGmailCall.LabelsCreate));
        Assert.Equal(["Newsletters", "Triage/Old mail", "Review", GmailMailbox.MarkerLabel], bed.Session.LabelSync.Missing);
        Assert.True(bed.Session.LabelSync.Ids.ContainsKey("Receipts"));
    }

    [Theory]
    [InlineData("Spam")]
    [InlineData("inbox")]
    [InlineData("Category_Social")]
    public async Task A_configured_label_named_like_a_system_label_stops_prepare_before_any_call(string name)
    {
        await using var bed = await GmailTestbed.StartAsync();
        var labels = new LabelConfig(
            [new LabelDefinition("Receipts", "Purchases", [], [], LabelAction.None), new LabelDefinition(name, "Clashes with Gmail", [], [], LabelAction.Archive)],
            "Review",
            "config/labels.json");

        var ex = await Assert.ThrowsAsync<SettingsException>(() => bed.OpenAsync(labels, dryRun: false, Ct));

        Assert.Contains($"'{name}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("config/labels.json", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Rename it in the label file (LABEL_CONFIG_FILE)", ex.Message, StringComparison.Ordinal);
        Assert.Empty(bed.Server.Requests);
    }

    [Fact]
    public async Task Matches_only_user_labels_and_gmail_refuses_to_create_a_system_name()
    {
        await using var bed = await GmailTestbed.StartAsync();
        var sync = new GmailLabelSync(bed.Api, "me", NullLogger.Instance);

        var dryRun = await sync.SyncAsync([new GmailLabelSpec("Inbox", Hidden: false)], dryRun: true, Ct);
        var ex = await Assert.ThrowsAsync<GoogleApiException>(() => sync.SyncAsync([new GmailLabelSpec("Inbox", Hidden: false)], dryRun: false, Ct));

        Assert.Empty(dryRun.Ids);
        Assert.Equal(["Inbox"], dryRun.Missing);
        Assert.Equal(HttpStatusCode.BadRequest, ex.HttpStatusCode);
        Assert.Contains("Invalid label name", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(bed.Server.Labels, l => l.Type == "user");
    }
}
