using EmailTriage.Configuration;
using EmailTriage.Labels;
using EmailTriage.Mailboxes;
using EmailTriage.State;
using MailKit;
using Microsoft.Extensions.Logging;

namespace EmailTriage.Imap;

/// <summary>
/// A folder of an IMAP account as a mailbox: one connection per run, UID SEARCH for what is new, fetches in batches of
/// 50 within the body budget, and labels as folders (MOVE) or keywords (one STORE per label), so a message is never
/// triaged twice and a label the user set stands.
/// </summary>
internal sealed partial class ImapMailbox(ImapOptions options, int maxBodyChars, ILogger<ImapMailbox> logger) : IMailbox
{
    /// <summary>Messages per FETCH: a few MB at most in memory, few round trips on a big inbox.</summary>
    public const int BatchSize = 50;

    /// <summary>For tests: keep what was triaged in the state store even where the server keeps keywords.</summary>
    internal bool ForceStateRecord { get; init; }

    public string Description => $"imap {options.Username}@{options.Host}:{options.EffectivePort}/{options.EffectiveFolder}";

    private string? _identity;

    /// <summary>
    /// The account and folder however they are spelled, without a connection: the server as <see cref="ImapServerIdentity"/>
    /// resolves it (localhost and 127.0.0.1 are one), the port, the user, and the folder with INBOX in capitals (RFC 3501
    /// makes INBOX alone case-insensitive). Other folder names are kept as given: servers differ (Dovecot's are
    /// case-sensitive, so "archive" and "Archive" may be two folders), and asking the server would cost a sign-in before
    /// every lock. Worked out once per mailbox.
    /// </summary>
    public async Task<string> IdentifyAsync(CancellationToken cancellationToken)
    {
        if (_identity is { } known)
        {
            return known;
        }

        var server = await ImapServerIdentity.OfAsync(options.Host ?? string.Empty, cancellationToken);
        var folder = string.Equals(options.EffectiveFolder, ImapOptions.DefaultFolder, StringComparison.OrdinalIgnoreCase) ? ImapOptions.DefaultFolder : options.EffectiveFolder;
        return _identity = $"imap {options.Username?.ToLowerInvariant()}@{server}:{options.EffectivePort}/{folder}";
    }

    async Task<IMailboxSession> IMailbox.OpenAsync(MailboxRun run, CancellationToken cancellationToken) =>
        await OpenAsync(run, cancellationToken);

    /// <summary>Signs in, opens the folder, and makes sure every label's folder exists (nothing is created on a dry run).</summary>
    public async Task<ImapSession> OpenAsync(MailboxRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var (labels, dryRun) = (run.Labels, run.DryRun);
        var mode = options.EffectiveLabelMode;
        if (mode == ImapLabelMode.Keywords)
        {
            ThrowIfKeywordsCollide(labels);
        }

        var connection = new ImapConnection(options, ImapCertificateTrust.FromFile(options.TrustCertificateFile), logger);
        try
        {
            await connection.OpenAsync(cancellationToken);
            var keywordsKept = connection.Folder.PermanentFlags.HasFlag(MessageFlags.UserDefined) && !ForceStateRecord;
            if (mode == ImapLabelMode.Keywords && !connection.Folder.PermanentFlags.HasFlag(MessageFlags.UserDefined))
            {
                throw new SettingsException(
                    $"IMAP_LABELS_AS is keywords, but {connection.Where} keeps no keywords of ours in IMAP_FOLDER '{options.EffectiveFolder}' " +
                    "(its PERMANENTFLAGS has no \\*). Set IMAP_LABELS_AS=folders to file messages into folders instead.");
            }

            var folders = new Dictionary<string, IMailFolder?>(StringComparer.OrdinalIgnoreCase);
            IMailFolder? archive = null;
            await connection.UseAsync(async (client, _) =>
            {
                if (mode == ImapLabelMode.Folders)
                {
                    foreach (var label in labels.AllNames)
                    {
                        folders[label] = await ImapLabelFolders.FindAsync(client, label, create: !dryRun, cancellationToken);
                    }
                }
                else if (labels.Labels.Any(l => l.Action == LabelAction.Archive))
                {
                    archive = client.GetFolder(SpecialFolder.Archive);
                    if (archive is null)
                    {
                        LogNoArchive(logger, connection.Where);
                    }
                }

                return true;
            }, cancellationToken);

            var own = run.State;
            IStateStore? store = null;
            ImapTriagedState? triaged = null;
            if (!keywordsKept)
            {
                store = own;
                triaged = await ImapTriagedStateFile.ReadAsync(store, cancellationToken);
            }

            LogOpened(logger, Description, mode, keywordsKept ? "keyword " + ImapKeywords.Triaged : "state store", connection.UidValidity);
            return new ImapSession(connection, options, labels, folders, archive, keywordsKept, store, triaged, ImapMessageFetcher.ByteBudget(maxBodyChars), dryRun, logger, dryRun ? null : own);
        }
        catch (Exception ex) when (ImapErrors.IsCallFailure(ex, cancellationToken))
        {
            await connection.DisposeAsync();
            throw new MailboxUnavailableException(
                $"The IMAP server {connection.Where} failed while opening the run ({ImapErrors.Describe(ex)}). Nothing was changed; the next run tries again.", ex);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>For <c>check</c>: signs in and opens the folder read-only (EXAMINE), changing nothing; says how much mail it holds.</summary>
    public async Task<string> ProbeAsync(CancellationToken cancellationToken)
    {
        await using var connection = new ImapConnection(options, ImapCertificateTrust.FromFile(options.TrustCertificateFile), logger, readOnly: true);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return $"signed in; {options.EffectiveFolder} holds {connection.Folder.Count} message(s)";
        }
        catch (Exception ex) when (ImapErrors.IsCallFailure(ex, cancellationToken))
        {
            throw new MailboxUnavailableException($"The IMAP server {connection.Where} could not be used ({ImapErrors.Describe(ex)}).", ex);
        }
    }

    private static void ThrowIfKeywordsCollide(LabelConfig labels)
    {
        var clash = labels.AllNames.GroupBy(ImapKeywords.Of, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
        {
            throw new SettingsException(
                $"The labels {string.Join(" and ", clash.Select(n => $"'{n}'"))} are the same IMAP keyword '{clash.Key}' (spaces and ( ) {{ % * \" \\ ] become _). " +
                "Rename one in the label file, or set IMAP_LABELS_AS=folders.");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Opened {Mailbox}: labels as {Mode}, triaged messages remembered by {Marker}, UIDVALIDITY {UidValidity}")]
    private static partial void LogOpened(ILogger logger, string mailbox, ImapLabelMode mode, string marker, uint uidValidity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The IMAP server {Server} names no Archive folder (SPECIAL-USE); messages of archiving labels get their keyword and stay where they are")]
    private static partial void LogNoArchive(ILogger logger, string server);
}
