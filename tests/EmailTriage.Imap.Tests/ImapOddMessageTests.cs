using System.Collections.Concurrent;
using EmailTriage.Classification;
using EmailTriage.Imap.Tests.Support;
using EmailTriage.Testing;
using EmailTriage.Triage;
using MailKit;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace EmailTriage.Imap.Tests;

/// <summary>
/// One odd message never holds back the others, on a real Dovecot with real mail: the public corpus's message with a
/// 200 KB Subject makes MailKit refuse the answer to any fetch of its envelope ("Literal token length ... exceeds 4096"),
/// which used to fail its whole batch of 50 and stop the listing there, every run.
/// </summary>
public sealed class ImapOddMessageTests : IDisposable
{
    private const string LongHeader = "malformed/025-long-header.eml";
    private const int Ordinary = 60;
    private const int Odd = 1000;

    /// <summary>Rules for the ordinary mail, the LLM for the real mail, and a fallback for what cannot be read.</summary>
    private const string Labels = """
        {
          "labels": [
            { "name": "Shopping/Receipts", "description": "Invoices.", "rules": [{ "domain": "shop.example" }] },
            { "name": "Newsletters", "description": "Digests.", "rules": [{ "domain": "news.example.com" }] },
            { "name": "Review", "description": "Everything else.", "rules": [{ "domain": "example.org" }] }
          ],
          "fallback": "Review"
        }
        """;

    /// <summary>Real mail of other kinds around it: old and new, big (1.5 and 1.8 MB), Big5, without headers, broken MIME.</summary>
    private static readonly string[] RealMail =
    [
        "labelled/003-re-34mbit-s-netz.eml",
        "labelled/013-greetings-from-lothl-rien.eml",
        "labelled/034-bollettino-meteorologico-del-29-11-2015.eml",
        "labelled/037-delivery-status-notification-failure.eml",
        "malformed/019-malformedheader-noheader.eml",
        "malformed/028-torture.eml",
        "malformed/035-big5-base64-1.eml",
        "malformed/037-mail-malformed-1.eml",
    ];

    private readonly string _folder = Directory.CreateTempSubdirectory("imap-odd-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("folders")]
    [InlineData("keywords")]
    public async Task A_message_with_a_200_KB_header_gets_the_fallback_and_every_other_message_is_labelled_once(string labelsAs)
    {
        Assert.SkipWhen(PublicMail.Missing is not null, PublicMail.Missing ?? string.Empty);
        await using var dovecot = await DovecotServer.StartAsync(Ct);
        await using var llm = await FakeLlmServer.StartAsync(Ct);
        llm.Answer = _ => "Newsletters";

        // The odd one sits in the first batch, with ordinary mail after it in that batch and in the next.
        var real = RealMail.Select((path, i) => (Number: Odd + 1 + i, Content: PublicMail.Read(path))).ToList();
        await TaggedMail.AppendRawAsync(
            dovecot,
            [.. Enumerable.Range(1, 20).Select(n => (n, Bytes(ImapTestAccount.Numbered(n)))), (Odd, PublicMail.Read(LongHeader)), .. Enumerable.Range(21, Ordinary - 20).Select(n => (n, Bytes(ImapTestAccount.Numbered(n)))), .. real],
            Ct);
        using var services = Services(dovecot.Port, labelsAs, llm);
        var results = new ConcurrentBag<MessageResult>();

        var first = await RunAsync(services, results.Add);
        var second = await RunAsync(services);
        var after = await TaggedMail.LocateAsync(dovecot, Ct);

        var total = Ordinary + 1 + real.Count;
        Assert.Equal((total, total, 0), (first.Candidates, first.Applied, first.FailureCount));
        Assert.Equal(0, second.Candidates);
        var fallback = Assert.Single(results, r => r.Source == DecisionSourceNames.Fallback);
        Assert.Equal("Review", fallback.Label);
        Assert.Contains("could not be read", fallback.Reason, StringComparison.Ordinal);
        Assert.Equal(real.Count, results.Count(r => r.Source == DecisionSourceNames.Llm));
        Assert.Equal(real.Count, llm.ChatRequestCount);

        var expected = Enumerable.Range(1, Ordinary).Select(n => (n, ImapTestAccount.LabelOf(n)))
            .Append((Odd, "Review"))
            .Concat(real.Select(r => (r.Number, "Newsletters")))
            .Order()
            .ToList();
        Assert.Equal(expected, after.Select(m => (m.Number, labelsAs == "folders" ? m.Folder : m.Labels.Single())).Order().ToList());
        Assert.All(after, m => Assert.Equal(labelsAs == "folders" ? 0 : 1, m.Labels.Count));
        Assert.All(after, m => Assert.False(m.Flags.HasFlag(MessageFlags.Seen), $"message {m.Number} was marked read"));
    }

    [Theory]
    [InlineData("folders", "UID MOVE")]
    [InlineData("keywords", "UID STORE")]
    public async Task A_message_the_server_refuses_to_label_holds_back_no_other_message_of_its_group(string labelsAs, string command)
    {
        await using var dovecot = await DovecotServer.StartAsync(Ct);
        const int count = 30;
        const uint refused = 5;
        await TaggedMail.AppendAsync(dovecot, Enumerable.Range(1, count).Select(n => (n, ImapTestAccount.Numbered(n))), Ct);
        await using var relay = new TcpRelay(dovecot.Port);
        var refusing = true;

        // Any label command naming UID 5 (the 5th message appended), alone or among others, is answered NO.
        relay.RefuseCommands(line => refusing && line.StartsWith(command + " ", StringComparison.Ordinal) && Names(line.Split(' ')[2], refused));
        using var services = ImapTestAccount.Services(_folder, relay.Port, labelsAs);

        var first = await RunAsync(services);
        var afterFirst = await TaggedMail.LocateAsync(dovecot, Ct);
        refusing = false;
        var second = await RunAsync(services);
        var afterSecond = await TaggedMail.LocateAsync(dovecot, Ct);

        Assert.Equal((count, count - 1, 1), (first.Candidates, first.Applied, first.FailureCount));
        Assert.Equal(("INBOX", 0), afterFirst.Where(m => m.Number == refused).Select(m => (m.Folder, m.Labels.Count)).Single());
        TaggedMail.AssertLabelledOnce(afterFirst.Where(m => m.Number != refused), labelsAs);
        Assert.Equal((1, 1), (second.Candidates, second.Applied));
        Assert.Equal(Enumerable.Range(1, count), afterSecond.Select(m => m.Number).Order());
        TaggedMail.AssertLabelledOnce(afterSecond, labelsAs);
    }

    [Fact]
    public async Task Folders_mode_feedback_reads_the_users_filing_past_the_long_header_message_filed_under_the_fallback()
    {
        Assert.SkipWhen(PublicMail.Missing is not null, PublicMail.Missing ?? string.Empty);
        await using var dovecot = await DovecotServer.StartAsync(Ct);
        await TaggedMail.AppendRawAsync(dovecot, [.. Enumerable.Range(1, 10).Select(n => (n, Bytes(ImapTestAccount.Numbered(n)))), (Odd, PublicMail.Read(LongHeader))], Ct);
        using var services = ImapTestAccount.Services(_folder, dovecot.Port, "folders", Labels);
        var before = await ImapTestAccount.FeedbackAsync(services, Ct);
        var run = await RunAsync(services);

        // Run done, the user files a message of their own; the run filed the long-header message in Review.
        using (var client = await ImapTestAccount.ConnectAsync(dovecot, Ct))
        {
            await (await client.GetFolderAsync("Newsletters", Ct)).AppendAsync(new AppendRequest(ImapTestAccount.Numbered(20), MessageFlags.None, [TaggedMail.Tag(20)]), Ct);
        }

        var second = await ImapTestAccount.FeedbackAsync(services, Ct);
        var third = await ImapTestAccount.FeedbackAsync(services, Ct);

        Assert.Empty(before);
        Assert.Equal((11, 11), (run.Candidates, run.Applied));
        Assert.Contains(await TaggedMail.LocateAsync(dovecot, Ct), m => m is { Number: Odd, Folder: "Review" });
        Assert.Equal(["Filed Newsletters m20"], second);
        Assert.Empty(third);
    }

    [Fact]
    public async Task Keywords_mode_feedback_reads_a_correction_past_the_long_header_message_tagged_with_the_fallback()
    {
        Assert.SkipWhen(PublicMail.Missing is not null, PublicMail.Missing ?? string.Empty);
        await using var dovecot = await DovecotServer.StartAsync(Ct);
        await TaggedMail.AppendRawAsync(dovecot, [.. Enumerable.Range(1, 10).Select(n => (n, Bytes(ImapTestAccount.Numbered(n)))), (Odd, PublicMail.Read(LongHeader))], Ct);
        using var services = ImapTestAccount.Services(_folder, dovecot.Port, "keywords", Labels);
        var before = await ImapTestAccount.FeedbackAsync(services, Ct);
        var run = await RunAsync(services);
        using (var client = await ImapTestAccount.ConnectAsync(dovecot, Ct))
        {
            await client.Inbox.OpenAsync(FolderAccess.ReadWrite, Ct);
            var second = await client.Inbox.SearchAsync(MailKit.Search.SearchQuery.HasKeyword(TaggedMail.Tag(2)), Ct);
            await client.Inbox.StoreAsync(second, new StoreFlagsRequest(StoreAction.Remove, [ImapKeywords.Of("Newsletters")]) { Silent = true }, Ct);
            await client.Inbox.StoreAsync(second, new StoreFlagsRequest(StoreAction.Add, [ImapKeywords.Of("Review")]) { Silent = true }, Ct);
        }

        var corrected = await ImapTestAccount.FeedbackAsync(services, Ct);
        var third = await ImapTestAccount.FeedbackAsync(services, Ct);

        Assert.Empty(before);
        Assert.Equal((11, 11), (run.Candidates, run.Applied));
        Assert.Contains(await TaggedMail.LocateAsync(dovecot, Ct), m => m.Number == Odd && m.Labels.SequenceEqual([ImapKeywords.Of("Review")]));
        Assert.Equal(["Corrected Review m2"], corrected);
        Assert.Empty(third);
    }

    [Theory]
    [InlineData("folders")]
    [InlineData("keywords")]
    public async Task The_truth_set_leaves_out_the_long_header_message_and_keeps_the_rest(string labelsAs)
    {
        Assert.SkipWhen(PublicMail.Missing is not null, PublicMail.Missing ?? string.Empty);
        await using var dovecot = await DovecotServer.StartAsync(Ct);
        await TaggedMail.AppendRawAsync(dovecot, [.. Enumerable.Range(1, 10).Select(n => (n, Bytes(ImapTestAccount.Numbered(n)))), (Odd, PublicMail.Read(LongHeader))], Ct);
        using var services = ImapTestAccount.Services(_folder, dovecot.Port, labelsAs, Labels);
        await RunAsync(services);

        var truths = await ImapTestAccount.TruthAsync(services, Ct);

        Assert.Contains(await TaggedMail.LocateAsync(dovecot, Ct), m => m.Number == Odd && (labelsAs == "folders" ? m.Folder == "Review" : m.Labels.SequenceEqual([ImapKeywords.Of("Review")])));
        Assert.Equal(Enumerable.Range(1, 10).Select(n => $"{ImapTestAccount.LabelOf(n)}:m{n}").Order(StringComparer.Ordinal), truths);
    }

    [Fact]
    public async Task A_server_that_refuses_every_fetch_files_nothing_under_the_fallback()
    {
        await using var dovecot = await DovecotServer.StartAsync(Ct);
        await TaggedMail.AppendAsync(dovecot, Enumerable.Range(1, 10).Select(n => (n, ImapTestAccount.Numbered(n))), Ct);
        await using var relay = new TcpRelay(dovecot.Port);
        relay.RefuseCommands(line => line.StartsWith("UID FETCH ", StringComparison.Ordinal));
        using var services = ImapTestAccount.Services(_folder, relay.Port, "folders", Labels);

        var summary = await RunAsync(services);
        var after = await TaggedMail.LocateAsync(dovecot, Ct);

        // Not one message can be fetched: that is the server, so each is left for the next run, none filed as unreadable.
        Assert.Equal((10, 0, 10), (summary.Candidates, summary.Applied, summary.FailureCount));
        Assert.All(after, m => Assert.Equal("INBOX", m.Folder));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Whether an IMAP sequence set such as <c>1:4,7</c> names <paramref name="uid"/>.</summary>
    private static bool Names(string set, uint uid) => set.Split(',').Any(range =>
    {
        var ends = range.Split(':').Select(e => e == "*" ? uint.MaxValue : uint.Parse(e, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return uid >= ends.Min() && uid <= ends.Max();
    });

    private static byte[] Bytes(MimeMessage message)
    {
        using var bytes = new MemoryStream();
        message.WriteTo(bytes);
        return bytes.ToArray();
    }

    private static Task<TriageSummary> RunAsync(ServiceProvider services, Action<MessageResult>? onResult = null) =>
        services.GetRequiredService<TriageRunner>().RunAsync(services.GetRequiredService<ImapMailboxFactory>().Create(), new TriageRequest { OnResult = onResult is null ? null : o => onResult(MessageResult.Of(o)) }, Ct);

    private ServiceProvider Services(int port, string labelsAs, FakeLlmServer llm) =>
        ImapTestAccount.Services(_folder, port, labelsAs, Labels, new Dictionary<string, string?>
        {
            ["LLM_BASE_URL"] = llm.BaseUrl.ToString(),
            ["LLM_MAX_RETRIES"] = "0",
        });
}
