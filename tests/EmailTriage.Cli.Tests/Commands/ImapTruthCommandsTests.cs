using System.Globalization;
using System.Text.Json;
using EmailTriage.Cli.Tests.Support;
using EmailTriage.Testing;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using MimeKit;

namespace EmailTriage.Cli.Tests.Commands;

/// <summary><c>learn --mailbox imap</c> and <c>eval --mailbox imap</c>: the label folders of a real Dovecot account are the truth, read only.</summary>
public sealed class ImapTruthCommandsTests
{
    private static readonly (string Label, string Domain, string[] Words)[] Filing =
    [
        ("Work", "corp.example", ["roadmap", "sprint", "review", "deadline", "standup"]),
        ("Finance", "billing.example", ["invoice", "payment", "receipt", "balance", "refund"]),
        ("Personal", "family.example", ["dinner", "birthday", "holiday", "photos", "weekend"]),
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Learn_and_eval_read_the_accounts_label_folders_and_leave_every_message_unread()
    {
        await using var dovecot = await DovecotServer.StartAsync(Ct);
        await FileAsync(dovecot, perLabel: 20);
        using var workspace = Workspace(dovecot);

        var learn = await workspace.RunAsync("learn", "--mailbox", "imap");
        var eval = await workspace.RunAsync("eval", "--mailbox", "imap", "--learned-split", "0.7", "--json");

        Assert.Equal(0, learn.ExitCode);
        Assert.Contains($"Learning from imap folders of {DovecotServer.User}@127.0.0.1", learn.Output, StringComparison.Ordinal);
        Assert.Contains("messages per label: Finance 20, Personal 20, Work 20", learn.Output, StringComparison.Ordinal);
        Assert.Equal(0, eval.ExitCode);
        var json = JsonDocument.Parse(eval.Output).RootElement;
        Assert.Equal(42, json.GetProperty("learning").GetProperty("trainedOn").GetInt32());
        Assert.Equal(18, json.GetProperty("sources").GetProperty("learned").GetProperty("count").GetInt32());
        Assert.Equal((60, 0), await CountAsync(dovecot));
    }

    [Fact]
    public async Task Triage_learns_a_message_the_user_moved_to_another_label_folder_as_a_correction()
    {
        await using var dovecot = await DovecotServer.StartAsync(Ct);
        await FileAsync(dovecot, perLabel: 20);
        using var workspace = Workspace(dovecot);
        Assert.Equal(0, (await workspace.RunAsync("learn", "--mailbox", "imap")).ExitCode);
        await AppendAsync(dovecot, "INBOX", "From: person1@billing.example\r\nTo: me@example.net\r\nSubject: New invoice\r\nMessage-ID: <new1@test.example>\r\n\r\nThe invoice and the payment.\r\n");

        var filed = await workspace.RunAsync("triage", "--mailbox", "imap");
        await MoveAsync(dovecot, "new1@test.example", from: "Finance", to: "Work");
        var corrected = await workspace.RunAsync("triage", "--mailbox", "imap");

        Assert.Equal(0, filed.ExitCode);
        Assert.Contains("learned 0 filing(s) and 0 correction(s)", filed.Output + filed.Error, StringComparison.Ordinal);
        Assert.Equal(0, corrected.ExitCode);
        Assert.Contains("learned 0 filing(s) and 1 correction(s)", corrected.Output + corrected.Error, StringComparison.Ordinal);
    }

    /// <summary>A CLI workspace signed in to the Dovecot account, with the learned model's gate open so every guess counts.</summary>
    private static CliWorkspace Workspace(DovecotServer dovecot) => new CliWorkspace(withSamples: false)
        .With("IMAP_HOST", "127.0.0.1").With("IMAP_PORT", $"{dovecot.Port}").With("IMAP_SECURITY", "none")
        .With("IMAP_USERNAME", DovecotServer.User).With("IMAP_PASSWORD", DovecotServer.Password)
        .With("LEARNED_TARGET_PRECISION", "0");

    private static async Task AppendAsync(DovecotServer dovecot, string folder, string eml)
    {
        using var client = await ConnectAsync(dovecot);
        var target = await client.GetFolderAsync(folder, Ct);
        await target.AppendAsync(new AppendRequest(MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(eml)))), Ct);
    }

    private static async Task MoveAsync(DovecotServer dovecot, string messageId, string from, string to)
    {
        using var client = await ConnectAsync(dovecot);
        var source = await client.GetFolderAsync(from, Ct);
        await source.OpenAsync(FolderAccess.ReadWrite, Ct);
        var found = await source.SearchAsync(SearchQuery.HeaderContains("Message-ID", messageId), Ct);
        Assert.Single(found);
        await source.MoveToAsync(found, await client.GetFolderAsync(to, Ct), Ct);
    }

    /// <summary>Puts <paramref name="perLabel"/> messages in a folder per label, as a user who filed by hand would have them.</summary>
    private static async Task FileAsync(DovecotServer dovecot, int perLabel)
    {
        using var client = await ConnectAsync(dovecot);
        var root = client.GetFolder(client.PersonalNamespaces[0]);
        var start = new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);
        for (var l = 0; l < Filing.Length; l++)
        {
            var (label, domain, words) = Filing[l];
            var folder = await root.CreateAsync(label, isMessageFolder: true, Ct) ?? throw new InvalidOperationException(label);
            for (var i = 0; i < perLabel; i++)
            {
                var word = words[i % words.Length];
                var date = start.AddHours((i * Filing.Length) + l);
                var eml = $"From: person{i % 3}@{domain}\r\nTo: me@example.net\r\nSubject: About the {word} {i}\r\n" +
                    $"Date: {date.ToString("r", CultureInfo.InvariantCulture)}\r\nMessage-ID: <{label}{i}@test.example>\r\n\r\n" +
                    $"A note on the {word} and the {words[(i + 1) % words.Length]}.\r\n";
                await folder.AppendAsync(new AppendRequest(MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(eml)))), Ct);
            }
        }
    }

    /// <summary>Messages in the label folders, and how many of them are marked \Seen.</summary>
    private static async Task<(int All, int Seen)> CountAsync(DovecotServer dovecot)
    {
        using var client = await ConnectAsync(dovecot);
        var (all, seen) = (0, 0);
        foreach (var (label, _, _) in Filing)
        {
            var folder = await client.GetFolderAsync(label, Ct);
            await folder.OpenAsync(FolderAccess.ReadOnly, Ct);
            all += (await folder.SearchAsync(SearchQuery.All, Ct)).Count;
            seen += (await folder.SearchAsync(SearchQuery.Seen, Ct)).Count;
        }

        return (all, seen);
    }

    private static async Task<ImapClient> ConnectAsync(DovecotServer dovecot)
    {
        var client = new ImapClient();
        await client.ConnectAsync("127.0.0.1", dovecot.Port, SecureSocketOptions.None, Ct);
        await client.AuthenticateAsync(DovecotServer.User, DovecotServer.Password, Ct);
        return client;
    }
}
