using EmailTriage.Imap.Tests.Support;
using EmailTriage.Testing;
using EmailTriage.Triage;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace EmailTriage.Imap.Tests;

/// <summary>
/// Another mail client (a phone, Thunderbird) at work in the same account during a run: the server reports its changes
/// inside the answers to the run's own commands (unsolicited FETCH and EXPUNGE, RFC 3501 section 7), and MailKit hands
/// them over as summaries of messages the run did not ask for, without a UID. The other client acts through a relay at
/// an exact command of the run, so the server has its change to report when it answers that command.
/// </summary>
public sealed class ImapOtherClientTests : IDisposable
{
    private const int Count = ImapMailbox.BatchSize + 10;

    private readonly string _folder = Directory.CreateTempSubdirectory("imap-other-client-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("folders")]
    [InlineData("keywords")]
    public async Task Flags_another_client_changes_during_a_run_leave_every_message_labelled_once(string labelsAs)
    {
        await using var dovecot = await DovecotServer.StartAsync(Ct);
        await TaggedMail.AppendAsync(dovecot, Enumerable.Range(1, Count).Select(n => (n, ImapTestAccount.Numbered(n))), Ct);
        await using var relay = new TcpRelay(dovecot.Port);
        using var phone = await ImapTestAccount.ConnectAsync(dovecot, Ct);
        var changed = new List<int>();

        // Before each UID command of the run (searches, both fetches of each batch, the labelling): the phone reads every
        // message still in INBOX and flips its flag, so the server has a change to report for each one, fetched or not.
        relay.BeforeEachCommand("UID ", async n => changed.Add(await FlipFlagsAsync(phone, "INBOX", n)));
        using var services = Services(relay.Port, labelsAs);

        var summary = await RunAsync(services);
        var after = await TaggedMail.LocateAsync(dovecot, Ct);

        Assert.True(changed.Count(c => c == Count) >= 3, $"the phone changed every message before several commands ({string.Join(", ", changed)})");
        Assert.Equal((Count, Count, 0), (summary.Candidates, summary.Applied, summary.FailureCount));
        AssertEachLabelledOnce(after, Enumerable.Range(1, Count), labelsAs);
        Assert.All(after, m => Assert.True(m.Flags.HasFlag(MessageFlags.Seen), $"message {m.Number} lost the \\Seen the phone set"));
    }

    [Theory]
    [InlineData("folders")]
    [InlineData("keywords")]
    public async Task Messages_another_client_expunges_during_a_run_are_gone_and_the_rest_are_labelled_once(string labelsAs)
    {
        await using var dovecot = await DovecotServer.StartAsync(Ct);
        await TaggedMail.AppendAsync(dovecot, Enumerable.Range(1, Count).Select(n => (n, ImapTestAccount.Numbered(n))), Ct);
        await using var relay = new TcpRelay(dovecot.Port);
        using var phone = await ImapTestAccount.ConnectAsync(dovecot, Ct);
        int[] deleted = [1, 2, ImapMailbox.BatchSize + 5];
        var expunged = 0;

        // Once the first batch is fetched (its envelopes, then its bodies): the phone deletes two of its messages, which
        // the run has handed over already, and one of the second batch, which it has not fetched yet.
        relay.BeforeEachCommand("UID FETCH", async n => expunged += n == 3 ? await ExpungeAsync(phone, deleted) : 0);
        using var services = Services(relay.Port, labelsAs);

        var summary = await RunAsync(services);
        var after = await TaggedMail.LocateAsync(dovecot, Ct);

        Assert.Equal(deleted.Length, expunged);
        Assert.Equal(0, summary.FailureCount);
        AssertEachLabelledOnce(after, Enumerable.Range(1, Count).Except(deleted), labelsAs);
    }

    [Fact]
    public async Task Keywords_mode_feedback_reads_a_correction_while_another_client_changes_flags()
    {
        await using var dovecot = await DovecotServer.StartAsync(Ct);
        await TaggedMail.AppendAsync(dovecot, Enumerable.Range(1, Count).Select(n => (n, ImapTestAccount.Numbered(n))), Ct);
        await using var relay = new TcpRelay(dovecot.Port);
        using var services = Services(relay.Port, "keywords");
        await RunAsync(services);
        await RetagAsync(dovecot, 1, remove: "Shopping/Receipts", add: "Newsletters");
        using var phone = await ImapTestAccount.ConnectAsync(dovecot, Ct);
        var changed = new List<int>();
        relay.BeforeEachCommand("UID FETCH", async n => changed.Add(await FlipFlagsAsync(phone, "INBOX", n)));

        var events = await ImapTestAccount.FeedbackAsync(services, Ct);

        Assert.Equal(["Corrected Newsletters m1"], events);
        Assert.NotEmpty(changed);
    }

    [Fact]
    public async Task Folders_mode_feedback_reads_a_filing_while_another_client_changes_flags_in_the_label_folder()
    {
        await using var dovecot = await DovecotServer.StartAsync(Ct);
        await TaggedMail.AppendAsync(dovecot, Enumerable.Range(1, Count).Select(n => (n, ImapTestAccount.Numbered(n))), Ct);
        await using var relay = new TcpRelay(dovecot.Port);
        using var services = Services(relay.Port, "folders");
        await RunAsync(services);
        Assert.Empty(await ImapTestAccount.FeedbackAsync(services, Ct));

        using (var client = await ImapTestAccount.ConnectAsync(dovecot, Ct))
        {
            var review = await client.GetFolderAsync("Review", Ct);
            await review.AppendAsync(new AppendRequest(ImapTestAccount.Numbered(Count + 1), MessageFlags.None, [TaggedMail.Tag(Count + 1)]), Ct);
        }

        using var phone = await ImapTestAccount.ConnectAsync(dovecot, Ct);
        var changed = new List<int>();
        relay.BeforeEachCommand("UID FETCH", async n => changed.Add(await FlipFlagsAsync(phone, "Review", n)));

        var events = await ImapTestAccount.FeedbackAsync(services, Ct);

        Assert.Equal([$"Filed Review m{Count + 1}"], events);
        Assert.Contains(changed, c => c > 1);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static void AssertEachLabelledOnce(IReadOnlyList<TaggedMail.Placed> after, IEnumerable<int> numbers, string labelsAs)
    {
        Assert.Equal(numbers.Order(), after.Select(m => m.Number).Order());
        TaggedMail.AssertLabelledOnce(after, labelsAs);
    }

    /// <summary>Marks every message of <paramref name="folder"/> \Seen and sets (odd turns) or clears \Flagged; answers how many there were.</summary>
    private static async Task<int> FlipFlagsAsync(ImapClient phone, string name, int turn)
    {
        var folder = await phone.GetFolderAsync(name, Ct);
        await folder.OpenAsync(FolderAccess.ReadWrite, Ct);
        var all = await folder.SearchAsync(SearchQuery.All, Ct);
        if (all.Count > 0)
        {
            await folder.StoreAsync(all, new StoreFlagsRequest(turn % 2 == 1 ? StoreAction.Add : StoreAction.Remove, MessageFlags.Flagged) { Silent = true }, Ct);
            await folder.StoreAsync(all, new StoreFlagsRequest(StoreAction.Add, MessageFlags.Seen) { Silent = true }, Ct);
        }

        return all.Count;
    }

    /// <summary>Deletes and expunges the messages tagged with <paramref name="numbers"/> from INBOX; answers how many went.</summary>
    private static async Task<int> ExpungeAsync(ImapClient phone, int[] numbers)
    {
        await phone.Inbox.OpenAsync(FolderAccess.ReadWrite, Ct);
        var found = await phone.Inbox.SearchAsync(numbers.Select(n => (SearchQuery)SearchQuery.HasKeyword(TaggedMail.Tag(n))).Aggregate(SearchQuery.Or), Ct);
        await phone.Inbox.StoreAsync(found, new StoreFlagsRequest(StoreAction.Add, MessageFlags.Deleted) { Silent = true }, Ct);
        await phone.Inbox.ExpungeAsync(found, Ct);
        return found.Count;
    }

    private static async Task RetagAsync(DovecotServer dovecot, int number, string remove, string add)
    {
        using var client = await ImapTestAccount.ConnectAsync(dovecot, Ct);
        await client.Inbox.OpenAsync(FolderAccess.ReadWrite, Ct);
        var found = await client.Inbox.SearchAsync(SearchQuery.HasKeyword(TaggedMail.Tag(number)), Ct);
        Assert.Single(found);
        await client.Inbox.StoreAsync(found, new StoreFlagsRequest(StoreAction.Remove, [ImapKeywords.Of(remove)]) { Silent = true }, Ct);
        await client.Inbox.StoreAsync(found, new StoreFlagsRequest(StoreAction.Add, [ImapKeywords.Of(add)]) { Silent = true }, Ct);
    }

    private static Task<TriageSummary> RunAsync(ServiceProvider services) =>
        services.GetRequiredService<TriageRunner>().RunAsync(services.GetRequiredService<ImapMailboxFactory>().Create(), new TriageRequest(), Ct);

    // A clock that never moves: labels are written at the end of the run, not when a 3-second timer comes round, so every
    // message of the first batch is still in INBOX when the phone acts.
    private ServiceProvider Services(int port, string labelsAs) =>
        ImapTestAccount.Services(_folder, port, labelsAs, replace: s => s.AddSingleton<TimeProvider>(new FakeTimeProvider()));
}
