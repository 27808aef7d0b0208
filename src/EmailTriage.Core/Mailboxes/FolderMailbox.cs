using EmailTriage.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmailTriage.Mailboxes;

/// <summary>
/// A folder of <c>.eml</c> files and <c>.mbox</c> files (Google Takeout), or one such file. Labels are recorded
/// beside the mail in <c>.emailtriage/labels.jsonl</c>, never by rewriting a message, so a second run skips what is done
/// and a line a user adds by hand is a decision that stands.
/// </summary>
public sealed partial class FolderMailbox : IMailbox
{
    private readonly string[]? _onlyFile;
    private readonly ILogger _logger;

    public FolderMailbox(string path, ILogger? logger = null)
    {
        _logger = logger ?? NullLogger.Instance;
        var full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            Root = Path.GetDirectoryName(full)!;
            _onlyFile = [full];
        }
        else if (Directory.Exists(full))
        {
            Root = Path.TrimEndingDirectorySeparator(full);
        }
        else
        {
            throw new DirectoryNotFoundException($"Mailbox folder not found: {full}. Give a folder of .eml files or an .mbox file.");
        }

        Description = $"folder {full}";
    }

    public string Description { get; }

    /// <summary>The folder that holds the mail and its record (for one file, the file's folder).</summary>
    public string Root { get; }

    public string RecordPath => Path.Combine(Root, ".emailtriage", "labels.jsonl");

    /// <summary>The folder's real path: a symlink, a trailing slash or one .mbox file of it is the same mailbox.</summary>
    public Task<string> IdentifyAsync(CancellationToken cancellationToken)
    {
        var real = RealPath.Of(Root);
        return Task.FromResult($"folder {(OperatingSystem.IsLinux() ? real : real.ToUpperInvariant())}");
    }

    public Task<IMailboxSession> OpenAsync(MailboxRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.DryRun)
        {
            var read = LabelRecordFile.Read(RecordPath);
            Report(read, repaired: false);
            return Task.FromResult<IMailboxSession>(new FolderSession(this, read, record: null, feedback: null));
        }

        try
        {
            var (file, contents) = LabelRecordFile.OpenForAppend(RecordPath);
            Report(contents, repaired: true);
            return Task.FromResult<IMailboxSession>(new FolderSession(this, contents, file, new FolderFilingFeedback(this, run.Labels, run.State)));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Found before any message is classified, so nothing is paid for twice.
            throw new SettingsException(
                $"Cannot write the label record in {Path.GetDirectoryName(RecordPath)} ({ex.Message}). Make that folder writable, or use --dry-run.",
                ex);
        }
    }

    /// <summary>What has been recorded so far: every labelled message, in order (a torn last line, or a line that is not a record, is none).</summary>
    public IReadOnlyList<FolderRecord> ReadRecord() => LabelRecordFile.Read(RecordPath).Records;

    /// <summary>The message a record id names (a file, or a message of an .mbox file), or null when it is no longer there.</summary>
    internal MailboxItem? Open(string id)
    {
        var hash = id.IndexOf('#', StringComparison.Ordinal);
        var file = Path.GetFullPath(Path.Combine(Root, hash < 0 ? id : id[..hash]));

        // A hand-written id names a message of this mailbox, never a file elsewhere.
        if (!file.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(file) || !RegularFile.Is(file))
        {
            return null;
        }

        if (hash < 0)
        {
            return new MailboxItem(id, _ => Task.FromResult<Stream>(File.OpenRead(file)));
        }

        var message = MboxMessageIds.Scan(file, id[..hash]).FirstOrDefault(m => m.Id == id || m.OffsetId == id);
        return message is null ? null : new MailboxItem(id, _ => Task.FromResult(MboxMessageIds.OpenMessage(file, message.Start, message.Length)));
    }

    /// <summary>The mail files of the mailbox, in name order.</summary>
    internal IEnumerable<string> Files() => (IEnumerable<string>?)_onlyFile ?? Directory.EnumerateFiles(Root)
        .Where(f => f.EndsWith(".eml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".mbox", StringComparison.OrdinalIgnoreCase))
        .Order(StringComparer.Ordinal);

    private void Report(LabelRecordContents contents, bool repaired)
    {
        if (contents.TornAt is { } offset)
        {
            LogTornRecord(_logger, RecordPath, offset, repaired ? "cut off" : "left as it is (dry run)");
        }

        foreach (var line in contents.Unreadable)
        {
            if (line.Id is { } id)
            {
                LogUnreadableLineHolding(_logger, RecordPath, line.Number, line.Problem, id);
            }
            else
            {
                LogUnreadableLine(_logger, RecordPath, line.Number, line.Problem);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The last line of {RecordPath} (from byte {Offset}) was cut short by an interrupted write of this app; it is ignored and {Repair}. Its message is triaged again.")]
    private static partial void LogTornRecord(ILogger logger, string recordPath, long offset, string repair);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{RecordPath} line {Line} is not a label record ({Problem}); it is left as it is and read as nothing. Write it as {{\"id\":\"<file>.eml\",\"label\":\"<label>\"}}, or delete it.")]
    private static partial void LogUnreadableLine(ILogger logger, string recordPath, int line, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{RecordPath} line {Line} is not a label record ({Problem}); it is left as it is, and message {MessageId} it names is left alone until it is fixed. Write it as {{\"id\":\"<file>.eml\",\"label\":\"<label>\"}}, or delete it.")]
    private static partial void LogUnreadableLineHolding(ILogger logger, string recordPath, int line, string problem, string messageId);
}
