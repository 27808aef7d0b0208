using System.Globalization;
using System.Runtime.CompilerServices;
using EmailTriage.Evaluation;
using EmailTriage.Labels;
using EmailTriage.Mailboxes;
using MailKit;
using MailKit.Search;
using Microsoft.Extensions.Logging;

namespace EmailTriage.Imap;

/// <summary>
/// An IMAP account's filing as a truth set for <c>eval</c> and <c>learn</c>: with <c>IMAP_LABELS_AS=folders</c> each
/// configured label's folder holds its messages; with <c>keywords</c>, the messages of <c>IMAP_FOLDER</c> carrying the
/// label's keyword. It only reads: every folder is EXAMINEd (opened read-only) and every fetch is a PEEK, so no flag,
/// not even \Seen, changes; a label's missing folder is not created, it simply has no truth messages.
/// </summary>
internal sealed partial class ImapLabelledMailbox(ImapOptions options, int maxBodyChars, ILogger<ImapLabelledMailbox> logger) : ILabelledMailbox
{
    public string Description => $"imap {options.EffectiveLabelMode.ToString().ToLowerInvariant()} of {options.Username}@{options.Host}:{options.EffectivePort}";

    public async IAsyncEnumerable<LabelledMessage> ListAsync(LabelConfig labels, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(labels);
        await using var connection = new ImapConnection(options, ImapCertificateTrust.FromFile(options.TrustCertificateFile), logger, readOnly: true);
        await connection.OpenAsync(cancellationToken);
        var budget = ImapMessageFetcher.ByteBudget(maxBodyChars);
        foreach (var label in labels.AllNames)
        {
            var (folder, uids) = await connection.UseAsync(async (_, _) =>
            {
                var (folder, query) = await WhereAsync(connection, label, cancellationToken);
                return (folder, folder is null ? [] : await folder.SearchAsync(query, cancellationToken));
            }, cancellationToken, elsewhere: true);
            if (folder is null)
            {
                LogNoFolder(logger, label);
                continue;
            }

            // A message that cannot be fetched even alone (a 200 KB header, say) is left out of the truth set, not the rest.
            LogListed(logger, label, uids.Count, folder.FullName);
            // Keywords: the triaged folder itself, whichever object the connection holds after a reconnect.
            var fetched = await ImapMessageFetcher.FetchEachAsync(
                connection, folder == connection.Folder ? null : folder, folder.UidValidity, uids, budget, (uid, error) => LogUnreadable(logger, uid.Id, folder.FullName, error), cancellationToken);
            foreach (var message in fetched)
            {
                var id = string.Create(CultureInfo.InvariantCulture, $"{folder.FullName}:{folder.UidValidity}:{message.Uid.Id}");
                yield return new LabelledMessage(MailboxItem.FromBytes(id, message.Content), label);
            }
        }
    }

    /// <summary>The folder that holds <paramref name="label"/>'s messages, opened read-only, and which of them to take.</summary>
    private async Task<(IMailFolder? Folder, SearchQuery Query)> WhereAsync(ImapConnection connection, string label, CancellationToken cancellationToken)
    {
        if (options.EffectiveLabelMode == ImapLabelMode.Keywords)
        {
            if (!connection.Folder.IsOpen)
            {
                await connection.Folder.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
            }

            return (connection.Folder, SearchQuery.HasKeyword(ImapKeywords.Of(label)));
        }

        var folder = await ImapLabelFolders.FindAsync(connection.Client, label, create: false, cancellationToken);
        if (folder is not null)
        {
            await folder.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
        }

        return (folder, SearchQuery.All);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Label '{Label}' has no folder on the IMAP server: no truth messages for it")]
    private static partial void LogNoFolder(ILogger logger, string label);

    [LoggerMessage(Level = LogLevel.Warning, Message = "IMAP message UID {Uid} in {Folder} could not be fetched, even alone ({Error}); it is left out of the truth set")]
    private static partial void LogUnreadable(ILogger logger, uint uid, string folder, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Label '{Label}': {Count} messages in {Folder}")]
    private static partial void LogListed(ILogger logger, string label, int count, string folder);
}
