using System.Globalization;
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

    public static string Tag(int number) => string.Create(CultureInfo.InvariantCulture, $"{Prefix}{number}");

    private static bool IsTag(string keyword) => keyword.Length > Prefix.Length && keyword.StartsWith(Prefix, StringComparison.Ordinal) && keyword[Prefix.Length..].All(char.IsAsciiDigit);

    /// <summary>One message found: its number, the folder it is in, its label keywords and its flags.</summary>
    internal sealed record Placed(int Number, string Folder, IReadOnlyList<string> Labels, MessageFlags Flags);
}
