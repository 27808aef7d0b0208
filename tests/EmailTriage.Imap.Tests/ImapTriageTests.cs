using EmailTriage.Configuration;
using EmailTriage.Testing;
using EmailTriage.Triage;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Microsoft.Extensions.Configuration;
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
        await AppendAsync(dovecot, Mail(1, "news@news.example.com"), Mail(2, "billing@shop.example"), Mail(3, "billing@shop.example"));
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
        await AppendAsync(dovecot, Mail(1, "billing@shop.example"), Mail(2, "someone@example.org"));
        await AppendAsync(dovecot, ["Newsletters"], Mail(3, "billing@shop.example"));
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
        await AppendAsync(dovecot, Mail(1, "billing@shop.example"));
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

    private ServiceProvider Services(DovecotServer dovecot, string labelsAs, string password = DovecotServer.Password, bool tls = false, string? trustFile = null)
    {
        File.WriteAllText(Path.Combine(_folder, "labels.json"), """
            {
              "labels": [
                { "name": "Shopping/Receipts", "description": "Invoices.", "rules": [{ "domain": "shop.example" }] },
                { "name": "Newsletters", "description": "Digests.", "rules": [{ "domain": "news.example.com" }], "action": "archive" },
                { "name": "Review", "description": "Everything else.", "rules": [{ "domain": "example.org" }] }
              ],
              "fallback": "Review"
            }
            """);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LLM_MODEL"] = "test-model",
            ["LABEL_CONFIG_FILE"] = "labels.json",
            ["EMAILTRIAGE_STATE_DIR"] = Path.Combine(_folder, "state"),
            ["IMAP_HOST"] = "127.0.0.1",
            ["IMAP_PORT"] = $"{(tls ? dovecot.TlsPort : dovecot.Port)}",
            ["IMAP_SECURITY"] = tls ? "ssl" : "none",
            ["IMAP_USERNAME"] = DovecotServer.User,
            ["IMAP_PASSWORD"] = password,
            ["IMAP_LABELS_AS"] = labelsAs,
            ["IMAP_TRUST_CERTIFICATE_FILE"] = trustFile,
        }).Build();
        return new ServiceCollection().AddLogging().AddEmailTriage(configuration, _folder).AddImap(configuration).BuildServiceProvider();
    }

    private static MimeMessage Mail(int n, string from) => MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(
        $"From: {from}\r\nTo: me@example.com\r\nSubject: Message {n}\r\nDate: Mon, 2 Nov 2026 10:00:00 +0000\r\nMessage-ID: <m{n}@example.com>\r\n\r\nBody of message {n}.\r\n")));

    private static Task AppendAsync(DovecotServer dovecot, params MimeMessage[] messages) => AppendAsync(dovecot, [], messages);

    private static async Task AppendAsync(DovecotServer dovecot, string[] keywords, params MimeMessage[] messages)
    {
        using var client = await ConnectAsync(dovecot);
        foreach (var message in messages)
        {
            await client.Inbox.AppendAsync(new AppendRequest(message, MessageFlags.None, keywords), Ct);
        }
    }

    private static async Task<int> CountAsync(DovecotServer dovecot, string folder, SearchQuery? query = null)
    {
        using var client = await ConnectAsync(dovecot);
        var mailbox = await client.GetFolderAsync(folder, Ct);
        await mailbox.OpenAsync(FolderAccess.ReadOnly, Ct);
        return (await mailbox.SearchAsync(query ?? SearchQuery.All, Ct)).Count;
    }

    private static async Task<ImapClient> ConnectAsync(DovecotServer dovecot)
    {
        var client = new ImapClient();
        await client.ConnectAsync("127.0.0.1", dovecot.Port, SecureSocketOptions.None, Ct);
        await client.AuthenticateAsync(DovecotServer.User, DovecotServer.Password, Ct);
        return client;
    }
}
