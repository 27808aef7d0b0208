using System.Runtime.CompilerServices;
using System.Text.Json;
using EmailTriage.Labels;
using MimeKit.IO;

namespace EmailTriage.Mailboxes;

/// <summary>
/// A folder of <c>.eml</c> files and <c>.mbox</c> files (Google Takeout), or one such file. Labels are recorded
/// beside the mail in <c>.emailtriage/labels.jsonl</c>, never by rewriting a message, so a second run skips what is done
/// and a line a user adds by hand is a decision that stands.
/// </summary>
public sealed class FolderMailbox : IMailbox
{
    private readonly string _root;
    private readonly string[] _files;
    private HashSet<string> _done = new(StringComparer.Ordinal);

    public FolderMailbox(string path)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            _root = Path.GetDirectoryName(full)!;
            _files = [full];
        }
        else if (Directory.Exists(full))
        {
            _root = full;
            _files = [.. Directory.EnumerateFiles(full)
                .Where(f => f.EndsWith(".eml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".mbox", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)];
        }
        else
        {
            throw new DirectoryNotFoundException($"Mailbox folder not found: {full}. Pass --mailbox with a folder of .eml files or an .mbox file.");
        }

        Description = $"folder {full}";
    }

    public string Description { get; }

    public string RecordPath => Path.Combine(_root, ".emailtriage", "labels.jsonl");

    public Task PrepareAsync(LabelConfig labels, bool dryRun, CancellationToken cancellationToken)
    {
        _done = [.. ReadRecord().Select(r => r.Id)];
        return Task.CompletedTask;
    }

    public int? ListedCount { get; private set; }

    public async IAsyncEnumerable<MailboxItem> ListNewAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();

        // Only ids and offsets are collected (no content), so the count is known before the first message is read.
        var items = new List<MailboxItem>();
        foreach (var file in _files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = Path.GetRelativePath(_root, file);
            if (!file.EndsWith(".mbox", StringComparison.OrdinalIgnoreCase))
            {
                if (!_done.Contains(name))
                {
                    items.Add(new MailboxItem(name, _ => Task.FromResult<Stream>(File.OpenRead(file))));
                }

                continue;
            }

            foreach (var (start, length) in MboxIndex.Scan(file))
            {
                var id = $"{name}#{start}";
                if (!_done.Contains(id))
                {
                    items.Add(new MailboxItem(id, ct => OpenMboxMessageAsync(file, start, length, ct)));
                }
            }
        }

        ListedCount = items.Count;
        foreach (var item in items)
        {
            yield return item;
        }
    }

    public async Task<IReadOnlyCollection<string>> ApplyAsync(LabelGroup group, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(RecordPath)!);
        var now = DateTimeOffset.UtcNow;
        var lines = group.Messages.Select(m => JsonSerializer.Serialize(
            new FolderRecord(m.Id, group.Label, group.Action == LabelAction.Archive ? "archive" : null, m.Source, m.Reason, now),
            FolderRecordJsonContext.Default.FolderRecord));

        // A line added by hand in an editor often lacks the final newline; appending right after it would join two records.
        if (EndsWithoutNewline(RecordPath))
        {
            lines = lines.Prepend(string.Empty);
        }

        await File.AppendAllLinesAsync(RecordPath, lines, cancellationToken);
        foreach (var message in group.Messages)
        {
            _done.Add(message.Id);
        }

        return [];
    }

    /// <summary>What has been recorded so far: every labelled message, in order.</summary>
    public IReadOnlyList<FolderRecord> ReadRecord()
    {
        if (!File.Exists(RecordPath))
        {
            return [];
        }

        var records = new List<FolderRecord>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(RecordPath))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                records.Add(JsonSerializer.Deserialize(line, FolderRecordJsonContext.Default.FolderRecord)!);
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"{RecordPath} line {lineNumber} is not a label record: {ex.Message} Fix or remove that line.", ex);
            }
        }

        return records;
    }

    private static bool EndsWithoutNewline(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        using var stream = File.OpenRead(path);
        if (stream.Length == 0)
        {
            return false;
        }

        stream.Position = stream.Length - 1;
        return stream.ReadByte() != '\n';
    }

    private static Task<Stream> OpenMboxMessageAsync(string file, long start, long length, CancellationToken cancellationToken)
    {
        // A window on the file, not a copy: the reader takes only the first bytes it needs, however large the message.
        var stream = File.OpenRead(file);
        var message = new BoundStream(stream, start, start + length, leaveOpen: false);

        // The "From sender date" separator line belongs to the mbox, not to the message.
        int next;
        while ((next = message.ReadByte()) >= 0 && next != '\n')
        {
            cancellationToken.ThrowIfCancellationRequested();
        }

        return Task.FromResult<Stream>(message);
    }
}
