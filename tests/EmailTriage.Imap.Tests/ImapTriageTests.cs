using EmailTriage.Configuration;
using EmailTriage.Imap.Tests.Support;
using EmailTriage.Testing;
using EmailTriage.Triage;
using MailKit;
using MailKit.Search;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace EmailTriage.Imap.Tests;

/// <summary>The real runner and rules over a real <see cref="ImapMailbox"/> talking to a real Dovecot on loopback.</summary>
public sealed class ImapTriageTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("imap-triage-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Folders_mode_files_everything_once_and_a_second_run_does_nothing()
    {
        await using var dovecot = await DovecotServer.StartAsync(Ct);
        await AppendAsync(dovecot, ImapTestAccount.Mail(1, "news@news.example.com"), ImapTestAccount.Mail(2, "billing@shop.example"), ImapTestAccount.Mail(3, "billing@shop.example"));
        using var services = Services(dovecot, "folders");

        var first = await RunAsync(services);
        var second = await RunAsync(services);

        Assert.Equal((3, 3), (first.Candidates, first.Applied));
        Assert.Equal(0, second.Candidates);
        Assert.Equal(0, await CountAsync(dovecot, "INBOX"));
        Assert.Equal(1, await CountAsync(dovecot, "Newsletters"));
        Assert.Equal(2, await CountAsync(dovecot, "Shopping/Receipts"));
        Assert.Equal(0, await CountAsync(dovecot, "Shopping/Receipts", SearchQuery.Seen));
    }

    [Fact]
    public async Task Keywords_mode_tags_once_leaves_a_hand_labelled_message_alone_and_survives_a_uidvalidity_reset()
    {
        await using var dovecot = await DovecotServer.StartAsync(Ct);
        await AppendAsync(dovecot, ImapTestAccount.Mail(1, "billing@shop.example"), ImapTestAccount.Mail(2, "someone@example.org"));
        await AppendAsync(dovecot, ["Newsletters"], ImapTestAccount.Mail(3, "billing@shop.example"));
        using var services = Services(dovecot, "keywords");

        var first = await RunAsync(services);
        dovecot.ResetUidValidity();
        var second = await RunAsync(services);

        Assert.Equal((2, 2), (first.Candidates, first.Applied));
        Assert.Equal(0, second.Candidates);
        Assert.Equal(1, await CountAsync(dovecot, "INBOX", SearchQuery.HasKeyword("Shopping/Receipts")));
        Assert.Equal(1, await CountAsync(dovecot, "INBOX", SearchQuery.HasKeyword("Review")));
        Assert.Equal(1, await CountAsync(dovecot, "INBOX", SearchQuery.HasKeyword("Newsletters").And(SearchQuery.NotKeyword(ImapKeywords.Triaged))));
    }

    [Fact]
    public async Task A_wrong_password_says_which_settings_to_fix()
    {
        await using var dovecot = await DovecotServer.StartAsync(Ct);
        using var services = Services(dovecot, "folders", password: "wrong");

        var error = await Assert.ThrowsAsync<SettingsException>(() => RunAsync(services));

        Assert.Contains("IMAP_PASSWORD", error.Message, StringComparison.Ordinal);
        Assert.Contains("IMAP_USERNAME", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_untrusted_certificate_is_refused_and_accepted_with_the_trust_file()
    {
        await using var dovecot = await DovecotServer.StartAsync(Ct);
        await AppendAsync(dovecot, ImapTestAccount.Mail(1, "billing@shop.example"));
        using var untrusted = Services(dovecot, "folders", tls: true);
        using var trusted = Services(dovecot, "folders", tls: true, trustFile: dovecot.CertificateFile);

        var error = await Assert.ThrowsAsync<SettingsException>(() => RunAsync(untrusted));
        var summary = await RunAsync(trusted);

        Assert.Contains("IMAP_TRUST_CERTIFICATE_FILE", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, summary.Applied);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Task<TriageSummary> RunAsync(ServiceProvider services) =>
        services.GetRequiredService<TriageRunner>().RunAsync(services.GetRequiredService<ImapMailboxFactory>().Create(), new TriageRequest(), Ct);

    private ServiceProvider Services(DovecotServer dovecot, string labelsAs, string password = DovecotServer.Password, bool tls = false, string? trustFile = null) =>
        ImapTestAccount.Services(_folder, tls ? dovecot.TlsPort : dovecot.Port, labelsAs, ImapTestAccount.ArchivingLabels, new Dictionary<string, string?>
        {
            ["IMAP_SECURITY"] = tls ? "ssl" : "none",
            ["IMAP_PASSWORD"] = password,
            ["IMAP_TRUST_CERTIFICATE_FILE"] = trustFile,
        });

    private static Task AppendAsync(DovecotServer dovecot, params MimeMessage[] messages) => AppendAsync(dovecot, [], messages);

    private static async Task AppendAsync(DovecotServer dovecot, string[] keywords, params MimeMessage[] messages)
    {
        using var client = await ImapTestAccount.ConnectAsync(dovecot, Ct);
        foreach (var message in messages)
        {
            await client.Inbox.AppendAsync(new AppendRequest(message, MessageFlags.None, keywords), Ct);
        }
    }

    private static async Task<int> CountAsync(DovecotServer dovecot, string folder, SearchQuery? query = null)
    {
        using var client = await ImapTestAccount.ConnectAsync(dovecot, Ct);
        var mailbox = await client.GetFolderAsync(folder, Ct);
        await mailbox.OpenAsync(FolderAccess.ReadOnly, Ct);
        return (await mailbox.SearchAsync(query ?? SearchQuery.All, Ct)).Count;
    }

}
