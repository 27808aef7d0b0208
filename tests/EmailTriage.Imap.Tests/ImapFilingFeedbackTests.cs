using EmailTriage.Imap.Tests.Support;
using EmailTriage.Testing;
using EmailTriage.Triage;
using MailKit;
using MailKit.Search;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace EmailTriage.Imap.Tests;

/// <summary>
/// The IMAP session's feedback for learning (folders mode) on a real Dovecot: a message the app filed that the user moved
/// to another label folder is a correction, one the user filed by hand is a filing, the app's own filing teaches nothing.
/// </summary>
public sealed class ImapFilingFeedbackTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("imap-filing-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_move_by_the_user_is_a_correction_a_hand_filing_is_a_filing_and_our_own_filing_teaches_nothing()
    {
        await using var dovecot = await DovecotServer.StartAsync(Ct);
        await AppendAsync(dovecot, "INBOX", ImapTestAccount.Mail(1, "news@news.example.com"), ImapTestAccount.Mail(2, "billing@shop.example"), ImapTestAccount.Mail(3, "billing@shop.example"));
        using var services = Services(dovecot);
        var first = await ImapTestAccount.FeedbackAsync(services, Ct);
        await services.GetRequiredService<TriageRunner>().RunAsync(services.GetRequiredService<ImapMailboxFactory>().Create(), new TriageRequest(), Ct);

        await MoveAsync(dovecot, "m2@example.com", from: "Shopping/Receipts", to: "Newsletters");
        await AppendAsync(dovecot, "Review", ImapTestAccount.Mail(9, "friend@example.org"));
        var second = await ImapTestAccount.FeedbackAsync(services, Ct);
        var third = await ImapTestAccount.FeedbackAsync(services, Ct);

        Assert.Empty(first);
        Assert.Equal(["Corrected Newsletters m2", "Filed Review m9"], second);
        Assert.Empty(third);
    }

    [Fact]
    public async Task Feedback_not_committed_is_read_again()
    {
        await using var dovecot = await DovecotServer.StartAsync(Ct);
        using var services = Services(dovecot);
        _ = await ImapTestAccount.FeedbackAsync(services, Ct);
        await AppendAsync(dovecot, "Newsletters", ImapTestAccount.Mail(5, "news@news.example.com"));

        var uncommitted = await ImapTestAccount.FeedbackAsync(services, Ct, commit: false);
        var again = await ImapTestAccount.FeedbackAsync(services, Ct);

        Assert.Equal(["Filed Newsletters m5"], uncommitted);
        Assert.Equal(uncommitted, again);
    }

    [Fact]
    public async Task Keywords_mode_a_label_keyword_swapped_by_the_user_is_a_correction_seen_once()
    {
        await using var dovecot = await DovecotServer.StartAsync(Ct);
        await AppendAsync(dovecot, "INBOX", ImapTestAccount.Mail(1, "news@news.example.com"), ImapTestAccount.Mail(2, "billing@shop.example"));
        using var services = Services(dovecot, "keywords");
        await services.GetRequiredService<TriageRunner>().RunAsync(services.GetRequiredService<ImapMailboxFactory>().Create(), new TriageRequest(), Ct);
        var untouched = await ImapTestAccount.FeedbackAsync(services, Ct);

        await RetagAsync(dovecot, "m2@example.com", remove: "Shopping/Receipts", add: "Newsletters");
        var second = await ImapTestAccount.FeedbackAsync(services, Ct);
        var third = await ImapTestAccount.FeedbackAsync(services, Ct);

        Assert.Empty(untouched);
        Assert.Equal(["Corrected Newsletters m2"], second);
        Assert.Empty(third);

        // Dovecot offers CONDSTORE, so the next run looks only at what changed after this MODSEQ.
        var state = File.ReadAllText(Directory.GetFiles(Path.Combine(_folder, "state"), "imap-filing.json", SearchOption.AllDirectories).Single());
        Assert.Matches("\"modSeq\":[1-9]", state);
    }

    private static async Task RetagAsync(DovecotServer dovecot, string messageId, string remove, string add)
    {
        using var client = await ImapTestAccount.ConnectAsync(dovecot, Ct);
        await client.Inbox.OpenAsync(FolderAccess.ReadWrite, Ct);
        var found = await client.Inbox.SearchAsync(SearchQuery.HeaderContains("Message-ID", messageId), Ct);
        Assert.Single(found);
        await client.Inbox.StoreAsync(found, new StoreFlagsRequest(StoreAction.Remove, [remove]) { Silent = true }, Ct);
        await client.Inbox.StoreAsync(found, new StoreFlagsRequest(StoreAction.Add, [add]) { Silent = true }, Ct);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private ServiceProvider Services(DovecotServer dovecot, string labelsAs = "folders") => ImapTestAccount.Services(_folder, dovecot.Port, labelsAs);

    private static async Task AppendAsync(DovecotServer dovecot, string folder, params MimeMessage[] messages)
    {
        using var client = await ImapTestAccount.ConnectAsync(dovecot, Ct);
        var target = await client.GetFolderAsync(folder, Ct);
        foreach (var message in messages)
        {
            await target.AppendAsync(new AppendRequest(message, MessageFlags.None), Ct);
        }
    }

    private static async Task MoveAsync(DovecotServer dovecot, string messageId, string from, string to)
    {
        using var client = await ImapTestAccount.ConnectAsync(dovecot, Ct);
        var source = await client.GetFolderAsync(from, Ct);
        await source.OpenAsync(FolderAccess.ReadWrite, Ct);
        var found = await source.SearchAsync(SearchQuery.HeaderContains("Message-ID", messageId), Ct);
        Assert.Single(found);
        await source.MoveToAsync(found, await client.GetFolderAsync(to, Ct), Ct);
    }

}
