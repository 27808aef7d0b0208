using EmailTriage.Testing;

namespace EmailTriage.Gmail.Tests;

public sealed class GmailLabelSyncTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Creates_configured_labels_fallback_and_hidden_marker_once()
    {
        await using var bed = await GmailTestbed.StartAsync();

        await bed.Mailbox.PrepareAsync(GmailTestbed.Labels, dryRun: false, Ct);
        await bed.Mailbox.PrepareAsync(GmailTestbed.Labels, dryRun: false, Ct);

        var user = bed.Server.Labels.Where(l => l.Type == "user").ToList();
        Assert.Equal(["EmailTriage/Triaged", "Newsletters", "Receipts", "Review", "Triage/Old mail"], user.Select(l => l.Name).Order(StringComparer.Ordinal));
        Assert.Equal(5, bed.Server.CountOf(FakeGmailCall.LabelsCreate));
        Assert.Equal(2, bed.Server.CountOf(FakeGmailCall.LabelsList));
        Assert.Empty(bed.Mailbox.LabelSync!.Created);

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

        await bed.Mailbox.PrepareAsync(GmailTestbed.Labels, dryRun: false, Ct);

        Assert.Equal(existing, bed.Mailbox.LabelSync!.Ids["Receipts"]);
        Assert.DoesNotContain(bed.Server.Requests, r => r.Call == FakeGmailCall.LabelsCreate && r.Body!.Contains("\"Receipts\"", StringComparison.Ordinal));
        Assert.Single(bed.Server.Labels, l => string.Equals(l.Name, "receipts", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Uses_the_label_another_run_created_when_create_answers_409()
    {
        await using var bed = await GmailTestbed.StartAsync();
        bed.Server.CreateConcurrently("Newsletters");

        await bed.Mailbox.PrepareAsync(GmailTestbed.Labels, dryRun: false, Ct);

        Assert.Contains(bed.Server.Requests, r => r.Call == FakeGmailCall.LabelsCreate && r.Status == 409);
        Assert.Equal(bed.LabelId("Newsletters"), bed.Mailbox.LabelSync!.Ids["Newsletters"]);
        Assert.Single(bed.Server.Labels, l => l.Name == "Newsletters");
        Assert.DoesNotContain("Newsletters", bed.Mailbox.LabelSync.Created);
    }

    [Fact]
    public async Task Dry_run_creates_nothing_and_reports_what_is_missing()
    {
        await using var bed = await GmailTestbed.StartAsync();
        bed.Server.AddLabel("Receipts");

        await bed.Mailbox.PrepareAsync(GmailTestbed.Labels, dryRun: true, Ct);

        Assert.Equal(0, bed.Server.CountOf(FakeGmailCall.LabelsCreate));
        Assert.Equal(["Newsletters", "Triage/Old mail", "Review", GmailMailbox.MarkerLabel], bed.Mailbox.LabelSync!.Missing);
        Assert.True(bed.Mailbox.LabelSync.Ids.ContainsKey("Receipts"));
    }
}
