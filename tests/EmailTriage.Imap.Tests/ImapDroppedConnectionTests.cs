using EmailTriage.Imap.Tests.Support;
using EmailTriage.Testing;
using EmailTriage.Triage;
using MailKit;
using MailKit.Search;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace EmailTriage.Imap.Tests;

/// <summary>
/// The line to a real Dovecot dropped at an exact point of a run (a relay the test controls, which then refuses to connect
/// again): whatever the cut, after a rerun every message is in exactly one label folder (or has exactly one label keyword),
/// none is lost and none labelled twice.
/// </summary>
public sealed class ImapDroppedConnectionTests : IDisposable
{
    private const int Messages = 120;
    private readonly string _folder = Directory.CreateTempSubdirectory("imap-dropped-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string, int, bool> Cuts => new()
    {
        // Mid-fetch: the second batch's body FETCH (each batch is an envelope FETCH, then a body FETCH) is answered, and the
        // answer's end never reaches us.
        { "folders", "UID FETCH", 4, true },
        { "keywords", "UID FETCH", 4, true },

        // Mid-apply: the MOVE (or STORE) done by the server with its answer lost, and one lost on the way.
        { "folders", "UID MOVE", 1, true },
        { "folders", "UID MOVE", 2, false },
        { "keywords", "UID STORE", 1, true },
        { "keywords", "UID STORE", 2, false },
    };

    [Theory]
    [MemberData(nameof(Cuts))]
    public async Task A_run_cut_at_any_point_and_a_rerun_label_every_message_exactly_once(string labelsAs, string command, int occurrence, bool delivered)
    {
        await using var dovecot = await DovecotServer.StartAsync(Ct);
        await AppendAsync(dovecot);
        await using var relay = new TcpRelay(dovecot.Port);
        using var cutRun = Services(relay.Port, labelsAs);
        using var rerun = Services(dovecot.Port, labelsAs);
        var cut = relay.CutAtCommand(command, occurrence, afterAnswer: delivered, refuseAfter: true);

        var first = await RunAsync(cutRun);
        await cut.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        var second = await RunAsync(rerun);

        Assert.True(first.Applied < Messages, $"the cut run labelled all {first.Applied}: the cut came too late to test anything");
        Assert.True(first.Applied + second.Applied <= Messages, "a message was labelled twice");
        Assert.True(second.Applied > 0, "the rerun had nothing left to do: the cut changed nothing");
        var labelled = await LabelledAsync(dovecot, labelsAs);
        Assert.Equal(Enumerable.Range(0, Messages).Select(n => $"<m{n}@example.com>").Order(StringComparer.Ordinal), labelled.Keys.Order(StringComparer.Ordinal));
        Assert.All(labelled, m => Assert.Single(m.Value));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Task<TriageSummary> RunAsync(ServiceProvider services) =>
        services.GetRequiredService<TriageRunner>().RunAsync(services.GetRequiredService<ImapMailboxFactory>().Create(), new TriageRequest(), Ct);

    /// <summary>Every message by Message-ID with each place it is labelled: label folders, or our label keywords.</summary>
    private static async Task<Dictionary<string, List<string>>> LabelledAsync(DovecotServer dovecot, string labelsAs)
    {
        using var client = await ImapTestAccount.ConnectAsync(dovecot, Ct);
        var found = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var name in new[] { "INBOX", "Shopping/Receipts", "Newsletters", "Review" })
        {
            IMailFolder folder;
            try
            {
                folder = await client.GetFolderAsync(name, Ct);
            }
            catch (FolderNotFoundException)
            {
                continue;
            }

            await folder.OpenAsync(FolderAccess.ReadOnly, Ct);
            foreach (var summary in await folder.FetchAsync(0, -1, MessageSummaryItems.Envelope | MessageSummaryItems.Flags, Ct))
            {
                var places = labelsAs == "keywords"
                    ? summary.Keywords.Where(k => k is "Shopping/Receipts" or "Newsletters" or "Review").ToList()
                    : name == "INBOX" ? [] : [name];
                var id = $"<{summary.Envelope!.MessageId}>";
                (found.TryGetValue(id, out var list) ? list : found[id] = []).AddRange(places);
            }
        }

        return found;
    }

    private ServiceProvider Services(int port, string labelsAs) => ImapTestAccount.Services(_folder, port, labelsAs);

    private static async Task AppendAsync(DovecotServer dovecot)
    {
        string[] senders = ["billing@shop.example", "news@news.example.com", "someone@example.org"];
        using var client = await ImapTestAccount.ConnectAsync(dovecot, Ct);
        var requests = Enumerable.Range(0, Messages).Select(n => (IAppendRequest)new AppendRequest(MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(
            $"From: {senders[n % 3]}\r\nTo: me@example.com\r\nSubject: Message {n}\r\nDate: Mon, 2 Nov 2026 10:00:00 +0000\r\nMessage-ID: <m{n}@example.com>\r\n\r\nBody of message {n}.\r\n"))), MessageFlags.None)).ToList();
        await client.Inbox.AppendAsync(requests, Ct);
    }

}
