using EmailTriage.Imap.Tests.Support;
using EmailTriage.State;
using EmailTriage.Testing;
using EmailTriage.Triage;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;

namespace EmailTriage.Imap.Tests;

/// <summary>
/// A real Dovecot when things go wrong or the server is unusual: a connection cut at an exact command, a server whose
/// keywords are not trusted (the state store), a server without MOVE, and archiving in keywords mode.
/// </summary>
public sealed class ImapFaultTests : IDisposable
{
    private static readonly string[] LabelFolders = ["Shopping/Receipts", "Newsletters", "Review"];
    private static readonly string[] AllFolders = ["INBOX", "Archive", .. LabelFolders];
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    // Dovecot's own capabilities with MOVE left out (UIDPLUS kept).
    private const string NoMove = "imap_capability = IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT THREAD=REFERENCES MULTIAPPEND UNSELECT CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED I18NLEVEL=1 CONDSTORE QRESYNC ESEARCH SEARCHRES LIST-STATUS SPECIAL-USE LITERAL+";

    private readonly string _folder = Directory.CreateTempSubdirectory("imap-fault-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(3, false, false)]
    [InlineData(3, false, true)]
    [InlineData(4, true, false)]
    [InlineData(4, true, true)]
    public async Task A_fetch_batch_cut_off_is_fetched_again_after_a_reconnect_or_left_for_the_next_run(int fetch, bool afterAnswer, bool refuseAfter)
    {
        await using var dovecot = await DovecotServer.StartAsync(Ct);
        const int count = ImapMailbox.BatchSize + 5;
        await AppendAsync(dovecot, [.. Enumerable.Range(1, count).Select(Mail)]);
        await using var relay = new TcpRelay(dovecot.Port);

        // Two UID FETCHes per batch (envelopes, then bodies): the third is the second batch's first, the fourth its bodies
        // (answered in full, but the answer's end never arrives).
        var cut = relay.CutAtCommand("UID FETCH", fetch, afterAnswer, refuseAfter);
        using var viaRelay = Services(relay.Port, "folders");
        var first = await RunAsync(viaRelay);
        await cut.WaitAsync(Timeout, Ct);
        var afterCut = await LocateAsync(dovecot);
        using var direct = Services(dovecot.Port, "folders");
        var second = await RunAsync(direct);
        var afterRerun = await LocateAsync(dovecot);

        // With a reconnect the batch cut off is fetched again (in halves, as any failed batch) and everything is filed; with
        // the server gone for the rest of the run, nothing is.
        var filedFirst = refuseAfter ? 0 : count;
        Assert.Equal(filedFirst, first.Applied);
        Assert.Equal(count - filedFirst, second.Candidates);
        AssertEachOnce(afterCut, count);
        AssertEachOnce(afterRerun, count);
        Assert.DoesNotContain(afterRerun, m => m.Folder == "INBOX");
    }

    [Theory]
    [InlineData("folders", "UID MOVE", false, false)]
    [InlineData("folders", "UID MOVE", true, false)]
    [InlineData("keywords", "UID STORE", false, false)]
    [InlineData("keywords", "UID STORE", true, false)]
    [InlineData("folders", "UID MOVE", false, true)]
    [InlineData("folders", "UID MOVE", true, true)]
    [InlineData("keywords", "UID STORE", false, true)]
    [InlineData("keywords", "UID STORE", true, true)]
    public async Task A_connection_cut_while_labelling_labels_each_message_once_and_the_rerun_finishes(string labelsAs, string command, bool afterAnswer, bool refuseAfter)
    {
        await using var dovecot = await DovecotServer.StartAsync(Ct);
        const int count = 9;
        await AppendAsync(dovecot, [.. Enumerable.Range(1, count).Select(Mail)]);
        await using var relay = new TcpRelay(dovecot.Port);
        var cut = relay.CutAtCommand(command, 1, afterAnswer, refuseAfter);
        using var viaRelay = Services(relay.Port, labelsAs);
        var first = await RunAsync(viaRelay);
        await cut.WaitAsync(Timeout, Ct);
        var afterCut = await LocateAsync(dovecot);
        using var direct = Services(dovecot.Port, labelsAs);
        await RunAsync(direct);
        var afterRerun = await LocateAsync(dovecot);

        // With a reconnect the group cut off is labelled again (in halves, as any failed group): a MOVE the server had done
        // finds nothing left to move. With the server gone for the rest of the run, the group is reported failed.
        Assert.Equal((refuseAfter, refuseAfter ? count : 0), (first.FailureCount > 0, count - first.Applied));
        AssertEachOnce(afterCut, count);
        AssertEachOnce(afterRerun, count);
        if (labelsAs == "folders")
        {
            Assert.DoesNotContain(afterRerun, m => m.Folder == "INBOX");
            Assert.All(afterRerun, m => Assert.Equal(Expected(m.Number), m.Folder));
        }
        else
        {
            Assert.All(afterCut, m => Assert.True(m.Labels.Count <= 1, $"message {m.Number} has {string.Join(", ", m.Labels)}"));
            Assert.All(afterRerun, m => Assert.Equal(new[] { ImapKeywords.Of(Expected(m.Number)) }, m.Labels));
        }
    }

    [Theory]
    [InlineData("UID COPY")]
    [InlineData("UID STORE")]
    [InlineData("UID EXPUNGE")]
    public async Task Without_move_a_connection_cut_after_each_step_files_each_message_once(string command)
    {
        await using var dovecot = await DovecotServer.StartAsync(Ct, NoMove);
        const int count = 9;
        await AppendAsync(dovecot, [.. Enumerable.Range(1, count).Select(Mail)]);
        await using var relay = new TcpRelay(dovecot.Port);
        var cut = relay.CutAtCommand(command, 1, afterAnswer: true);
        using var viaRelay = Services(relay.Port, "folders");
        await RunAsync(viaRelay);
        await cut.WaitAsync(Timeout, Ct);
        using var direct = Services(dovecot.Port, "folders");
        await RunAsync(direct);
        var afterRerun = await LocateAsync(dovecot);

        AssertEachOnce(afterRerun, count);
        Assert.All(afterRerun, m => Assert.Equal(Expected(m.Number), m.Folder));
    }

    [Fact]
    public async Task With_the_state_store_a_message_moved_back_is_not_filed_again_after_a_uidvalidity_reset()
    {
        await using var dovecot = await DovecotServer.StartAsync(Ct);
        await AppendAsync(dovecot, Mail(1), Mail(2));
        using var services = Services(dovecot.Port, "folders");

        var first = await RunAsync(services, StateRecording(services));
        await MoveBackAsync(dovecot, "Shopping/Receipts");
        dovecot.ResetUidValidity();
        await AppendAsync(dovecot, Mail(4));
        var second = await RunAsync(services, StateRecording(services));
        var after = await LocateAsync(dovecot);

        Assert.Equal((2, 2), (first.Candidates, first.Applied));
        Assert.Single(Directory.EnumerateFiles(Path.Combine(_folder, "state"), ImapTriagedStateFile.Name, SearchOption.AllDirectories));
        Assert.Equal((1, 1), (second.Candidates, second.Applied));
        AssertEachOnce(after, [1, 2, 4]);
        Assert.Equal("INBOX", after.Single(m => m.Number == 1).Folder);
        Assert.Equal("Newsletters", after.Single(m => m.Number == 2).Folder);
        Assert.Equal("Shopping/Receipts", after.Single(m => m.Number == 4).Folder);
    }

    [Fact]
    public async Task Without_move_messages_are_copied_and_expunged_but_a_message_the_user_deleted_stays()
    {
        await using var dovecot = await DovecotServer.StartAsync(Ct, NoMove);
        await AppendAsync(dovecot, Mail(1), Mail(2));
        using (var client = await ImapTestAccount.ConnectAsync(dovecot, Ct))
        {
            await client.Inbox.AppendAsync(new AppendRequest(Mail(4), MessageFlags.Deleted), Ct);
            Assert.False(client.Capabilities.HasFlag(ImapCapabilities.Move));
            Assert.True(client.Capabilities.HasFlag(ImapCapabilities.UidPlus));
        }

        using var services = Services(dovecot.Port, "folders");
        var summary = await RunAsync(services);
        var after = await LocateAsync(dovecot, includeDeleted: true);

        Assert.Equal((2, 2), (summary.Candidates, summary.Applied));
        AssertEachOnce(after, [1, 2, 4]);
        Assert.Equal(("Shopping/Receipts", false), (after.Single(m => m.Number == 1).Folder, after.Single(m => m.Number == 1).Deleted));
        Assert.Equal(("Newsletters", false), (after.Single(m => m.Number == 2).Folder, after.Single(m => m.Number == 2).Deleted));
        Assert.Equal(("INBOX", true), (after.Single(m => m.Number == 4).Folder, after.Single(m => m.Number == 4).Deleted));
    }

    [Fact]
    public async Task Keywords_mode_archives_the_messages_of_an_archiving_label_with_their_keyword()
    {
        await using var dovecot = await DovecotServer.StartAsync(Ct);
        await AppendAsync(dovecot, Mail(1), Mail(2));
        using var services = Services(dovecot.Port, "keywords");

        var summary = await RunAsync(services);
        var after = await LocateAsync(dovecot);

        Assert.Equal((2, 2), (summary.Candidates, summary.Applied));
        AssertEachOnce(after, 2);
        var archived = after.Single(m => m.Number == 2);
        Assert.Equal("Archive", archived.Folder);
        Assert.Equal(new[] { ImapKeywords.Of("Newsletters") }, archived.Labels);
        var kept = after.Single(m => m.Number == 1);
        Assert.Equal("INBOX", kept.Folder);
        Assert.Equal(new[] { ImapKeywords.Of("Shopping/Receipts") }, kept.Labels);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Expected(int n) => ImapTestAccount.LabelOf(n);

    private static MimeMessage Mail(int n) => ImapTestAccount.Numbered(n);

    /// <summary>Every message of 1..count is in exactly one folder, once (nothing lost, nothing doubled).</summary>
    private static void AssertEachOnce(IReadOnlyList<Located> messages, int count) => AssertEachOnce(messages, Enumerable.Range(1, count));

    private static void AssertEachOnce(IReadOnlyList<Located> messages, IEnumerable<int> numbers) =>
        Assert.Equal(numbers.Order(), messages.Select(m => m.Number).Order());

    private static async Task<IReadOnlyList<Located>> LocateAsync(DovecotServer dovecot, bool includeDeleted = false)
    {
        using var client = await ImapTestAccount.ConnectAsync(dovecot, Ct);
        var found = new List<Located>();
        foreach (var name in AllFolders)
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
            var uids = await folder.SearchAsync(SearchQuery.All, Ct);
            IList<IMessageSummary> summaries = uids.Count == 0 ? [] : await folder.FetchAsync(uids, new FetchRequest(MessageSummaryItems.Envelope | MessageSummaryItems.Flags), Ct);
            found.AddRange(summaries
                .Where(s => includeDeleted || !s.Flags!.Value.HasFlag(MessageFlags.Deleted))
                .Select(s => new Located(
                    int.Parse(s.Envelope!.MessageId!.TrimStart('m').Split('@')[0], System.Globalization.CultureInfo.InvariantCulture),
                    name,
                    [.. s.Keywords.Where(k => k != ImapKeywords.Triaged)],
                    s.Flags!.Value.HasFlag(MessageFlags.Deleted))));
            await folder.CloseAsync(expunge: false, Ct);
        }

        return found;
    }

    private static async Task MoveBackAsync(DovecotServer dovecot, string from)
    {
        using var client = await ImapTestAccount.ConnectAsync(dovecot, Ct);
        var folder = await client.GetFolderAsync(from, Ct);
        await folder.OpenAsync(FolderAccess.ReadWrite, Ct);
        await folder.MoveToAsync(await folder.SearchAsync(SearchQuery.All, Ct), client.Inbox, Ct);
    }

    private static ImapMailbox StateRecording(ServiceProvider services) =>
        new(services.GetRequiredService<ImapMailboxFactory>().Options, 4000, NullLogger<ImapMailbox>.Instance) { ForceStateRecord = true };

    private static Task<TriageSummary> RunAsync(ServiceProvider services, ImapMailbox? mailbox = null) =>
        services.GetRequiredService<TriageRunner>().RunAsync(mailbox ?? services.GetRequiredService<ImapMailboxFactory>().Create(), new TriageRequest(), Ct);

    private ServiceProvider Services(int port, string labelsAs) => ImapTestAccount.Services(_folder, port, labelsAs, ImapTestAccount.ArchivingLabels);

    private static async Task AppendAsync(DovecotServer dovecot, params MimeMessage[] messages)
    {
        using var client = await ImapTestAccount.ConnectAsync(dovecot, Ct);
        foreach (var message in messages)
        {
            await client.Inbox.AppendAsync(new AppendRequest(message, MessageFlags.None), Ct);
        }
    }

    private sealed record Located(int Number, string Folder, IReadOnlyList<string> Labels, bool Deleted);
}
