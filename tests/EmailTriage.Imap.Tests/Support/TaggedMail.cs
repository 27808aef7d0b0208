using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using EmailTriage.Testing;
using MailKit;
using MailKit.Search;
using MimeKit;

namespace EmailTriage.Imap.Tests.Support;

/// <summary>
/// Messages appended with a keyword of the test's own (<c>t7</c> for message 7), so each can be found wherever the run
/// put it without fetching its envelope: real mail may have no Message-ID, or a header MailKit's parser refuses.
/// </summary>
internal static class TaggedMail
{
    /// <summary>Every folder a run may file into with <see cref="ImapTestAccount.Labels"/>, and INBOX.</summary>
    public static readonly string[] Folders = ["INBOX", "Archive", "Shopping/Receipts", "Newsletters", "Review"];

    private const string Prefix = "t";

    /// <summary>Appends each message to INBOX with its number's keyword.</summary>
    public static async Task AppendAsync(DovecotServer dovecot, IEnumerable<(int Number, MimeMessage Message)> messages, CancellationToken cancellationToken)
    {
        using var client = await ImapTestAccount.ConnectAsync(dovecot, cancellationToken);
        foreach (var (number, message) in messages)
        {
            await client.Inbox.AppendAsync(new AppendRequest(message, MessageFlags.None, [Tag(number)]), cancellationToken);
        }
    }

    /// <summary>
    /// Appends each message's bytes to INBOX exactly as they are, with its number's keyword, over a plain IMAP APPEND of our
    /// own: real mail MimeKit would refuse to load (no headers at all, say) goes in too, byte for byte.
    /// </summary>
    public static async Task AppendRawAsync(DovecotServer dovecot, IEnumerable<(int Number, byte[] Content)> messages, CancellationToken cancellationToken)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, dovecot.Port, cancellationToken);
        var stream = tcp.GetStream();
        using var reader = new StreamReader(stream, Encoding.Latin1);
        await reader.ReadLineAsync(cancellationToken);
        await CommandAsync(stream, reader, "l", Encoding.Latin1.GetBytes($"LOGIN \"{DovecotServer.User}\" \"{DovecotServer.Password}\""), cancellationToken);
        var tag = 0;
        foreach (var (number, content) in messages)
        {
            // LITERAL+: the bytes follow the command at once, without waiting for the server's go-ahead.
            var command = Encoding.Latin1.GetBytes(string.Create(CultureInfo.InvariantCulture, $"APPEND INBOX ({Tag(number)}) {{{content.Length}+}}\r\n"));
            await CommandAsync(stream, reader, string.Create(CultureInfo.InvariantCulture, $"a{tag++}"), [.. command, .. content], cancellationToken);
        }

        await CommandAsync(stream, reader, "z", Encoding.Latin1.GetBytes("LOGOUT"), cancellationToken);
    }

    private static async Task CommandAsync(NetworkStream stream, StreamReader reader, string tag, byte[] command, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(Encoding.Latin1.GetBytes(tag + " "), cancellationToken);
        await stream.WriteAsync(command, cancellationToken);
        await stream.WriteAsync("\r\n"u8.ToArray(), cancellationToken);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith(tag + " ", StringComparison.Ordinal))
            {
                Assert.True(line.StartsWith(tag + " OK", StringComparison.Ordinal), $"Dovecot refused the test's command: {line}");
                return;
            }
        }

        Assert.Fail("Dovecot closed the connection before answering the test's command.");
    }

    /// <summary>Where every tagged message is now: its folder, its label keywords (neither ours nor the tag) and its flags.</summary>
    public static async Task<IReadOnlyList<Placed>> LocateAsync(DovecotServer dovecot, CancellationToken cancellationToken)
    {
        using var client = await ImapTestAccount.ConnectAsync(dovecot, cancellationToken);
        var found = new List<Placed>();
        foreach (var name in Folders)
        {
            IMailFolder folder;
            try
            {
                folder = await client.GetFolderAsync(name, cancellationToken);
            }
            catch (FolderNotFoundException)
            {
                continue;
            }

            await folder.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
            var uids = await folder.SearchAsync(SearchQuery.NotDeleted, cancellationToken);
            IList<IMessageSummary> summaries = uids.Count == 0 ? [] : await folder.FetchAsync(uids, new FetchRequest(MessageSummaryItems.UniqueId | MessageSummaryItems.Flags), cancellationToken);
            found.AddRange(summaries.Select(s => new Placed(
                s.Keywords.Where(IsTag).Select(k => int.Parse(k[Prefix.Length..], CultureInfo.InvariantCulture)).Single(),
                name,
                [.. s.Keywords.Where(k => !IsTag(k) && k != ImapKeywords.Triaged)],
                s.Flags ?? MessageFlags.None)));
            await folder.CloseAsync(expunge: false, cancellationToken);
        }

        return found;
    }

    /// <summary>
    /// Each of <paramref name="messages"/> (<see cref="ImapTestAccount.Numbered"/> mail) carries its rule's label once: in
    /// folders mode it is in that label's folder, in keywords mode it is in INBOX with that label's keyword and no other.
    /// </summary>
    public static void AssertLabelledOnce(IEnumerable<Placed> messages, string labelsAs) =>
        Assert.All(messages, m => Assert.Equal(
            labelsAs == "folders" ? (ImapTestAccount.LabelOf(m.Number), string.Empty) : ("INBOX", ImapKeywords.Of(ImapTestAccount.LabelOf(m.Number))),
            (m.Folder, string.Join(' ', m.Labels))));

    public static string Tag(int number) => string.Create(CultureInfo.InvariantCulture, $"{Prefix}{number}");

    private static bool IsTag(string keyword) => keyword.Length > Prefix.Length && keyword.StartsWith(Prefix, StringComparison.Ordinal) && keyword[Prefix.Length..].All(char.IsAsciiDigit);

    /// <summary>One message found: its number, the folder it is in, its label keywords and its flags.</summary>
    internal sealed record Placed(int Number, string Folder, IReadOnlyList<string> Labels, MessageFlags Flags);
}
