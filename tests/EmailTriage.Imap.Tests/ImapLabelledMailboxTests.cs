using EmailTriage.Imap.Tests.Support;
using EmailTriage.Testing;
using EmailTriage.Triage;
using MailKit;
using MailKit.Search;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace EmailTriage.Imap.Tests;

/// <summary>An IMAP account's filing read as a truth set (eval and learn --mailbox imap) from a real Dovecot, changing nothing.</summary>
public sealed class ImapLabelledMailboxTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("imap-truth-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Folders_mode_reads_each_label_folder_as_its_truth_and_changes_nothing()
    {
        await using var dovecot = await DovecotServer.StartAsync(Ct);
        await AppendAsync(dovecot, [], ImapTestAccount.Mail(1, "news@news.example.com"), ImapTestAccount.Mail(2, "billing@shop.example"), ImapTestAccount.Mail(3, "billing@shop.example"));
        using var services = Services(dovecot, "folders");
        await services.GetRequiredService<TriageRunner>().RunAsync(services.GetRequiredService<ImapMailboxFactory>().Create(), new TriageRequest(), Ct);
        await AppendAsync(dovecot, [], ImapTestAccount.Mail(4, "someone@example.org"));
        var before = await SnapshotAsync(dovecot);

        var truths = await ImapTestAccount.TruthAsync(services, Ct);

        Assert.Equal(["Newsletters:m1", "Shopping/Receipts:m2", "Shopping/Receipts:m3"], truths);
        Assert.Equal(before, await SnapshotAsync(dovecot));
        Assert.DoesNotContain(before, s => s.Contains("Seen", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Keywords_mode_reads_the_label_keywords_of_the_folder_and_changes_nothing()
    {
        await using var dovecot = await DovecotServer.StartAsync(Ct);
        await AppendAsync(dovecot, ["Newsletters"], ImapTestAccount.Mail(1, "news@news.example.com"));
        await AppendAsync(dovecot, ["Shopping/Receipts"], ImapTestAccount.Mail(2, "billing@shop.example"));
        await AppendAsync(dovecot, [], ImapTestAccount.Mail(3, "someone@example.org"));
        using var services = Services(dovecot, "keywords");
        var before = await SnapshotAsync(dovecot);

        var truths = await ImapTestAccount.TruthAsync(services, Ct);

        Assert.Equal(["Newsletters:m1", "Shopping/Receipts:m2"], truths);
        Assert.Equal(before, await SnapshotAsync(dovecot));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Every message of every folder with its flags and keywords, to show a read changed nothing.</summary>
    private static async Task<List<string>> SnapshotAsync(DovecotServer dovecot)
    {
        using var client = await ImapTestAccount.ConnectAsync(dovecot, Ct);
        var all = new List<string>();
        foreach (var folder in await client.GetFoldersAsync(client.PersonalNamespaces[0], cancellationToken: Ct))
        {
            if (!folder.Attributes.HasFlag(FolderAttributes.NonExistent) && !folder.Attributes.HasFlag(FolderAttributes.NoSelect))
            {
                await folder.OpenAsync(FolderAccess.ReadOnly, Ct);
                foreach (var summary in await folder.FetchAsync(0, -1, MessageSummaryItems.Flags | MessageSummaryItems.Envelope, Ct))
                {
                    all.Add($"{folder.FullName} {summary.Envelope?.MessageId} {summary.Flags} {string.Join(',', summary.Keywords.Order(StringComparer.Ordinal))}");
                }
            }
        }

        all.Sort(StringComparer.Ordinal);
        return all;
    }

    private ServiceProvider Services(DovecotServer dovecot, string labelsAs) => ImapTestAccount.Services(_folder, dovecot.Port, labelsAs);

    private static async Task AppendAsync(DovecotServer dovecot, string[] keywords, params MimeMessage[] messages)
    {
        using var client = await ImapTestAccount.ConnectAsync(dovecot, Ct);
        foreach (var message in messages)
        {
            await client.Inbox.AppendAsync(new AppendRequest(message, MessageFlags.None, keywords), Ct);
        }
    }

}
