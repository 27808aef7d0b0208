using System.Runtime.CompilerServices;
using EmailTriage.Classification;
using EmailTriage.Filing;
using EmailTriage.Labels;
using EmailTriage.State;
using EmailTriage.Triage;

namespace EmailTriage.Mailboxes;

/// <summary>
/// One run on a folder mailbox: the ids already recorded, the record file held open for appending, and (not on a dry run)
/// what the user wrote in the record by hand since the last run. A message that a line the user wrote names, but which is
/// not a record (a typo), is left alone: the user meant to decide it, and the LLM must not decide it for them.
/// </summary>
internal sealed class FolderSession(FolderMailbox mailbox, LabelRecordContents contents, LabelRecordFile? record, FolderFilingFeedback? feedback)
    : IMailboxSession
{
    private readonly HashSet<string> _done = [.. contents.Records.Select(r => r.Id)];
    private readonly Dictionary<string, UnreadableRecordLine> _held = contents.Unreadable
        .Where(l => l.Id is not null).GroupBy(l => l.Id!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    private readonly List<MessageFailure> _listingFailures = [];
    private readonly Lock _writing = new();

    public LabelWriting Writing => LabelWriting.EachDecision;

    public int? ListedCount { get; private set; }

    public IReadOnlyCollection<MessageFailure> ListingFailures => _listingFailures;

    public async IAsyncEnumerable<MailboxItem> ListNewAsync(int? max, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();

        // Only ids and offsets are collected (no content), so the count is known before the first message is read.
        var items = new List<MailboxItem>();
        foreach (var file in mailbox.Files())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = Path.GetRelativePath(mailbox.Root, file);
            var isMbox = file.EndsWith(".mbox", StringComparison.OrdinalIgnoreCase);
            if (!isMbox && _done.Contains(name))
            {
                continue;
            }

            // .NET decodes Linux file names as UTF-8 and puts U+FFFD where bytes are invalid; the name it lists opens nothing.
            if (name.Contains('\uFFFD', StringComparison.Ordinal))
            {
                _listingFailures.Add(new MessageFailure(name, "The file name is not valid UTF-8 (shown with \uFFFD), so it cannot be opened; rename the file to a UTF-8 name and run again.") { Skipped = true });
                continue;
            }

            if (!RegularFile.Is(file))
            {
                // Opening a FIFO would block the run until something writes to it.
                _listingFailures.Add(new MessageFailure(name, "not a regular file (a FIFO or a device)") { Skipped = true });
                continue;
            }

            if (!isMbox && Held(name))
            {
                continue;
            }

            if (!isMbox)
            {
                items.Add(new MailboxItem(name, _ => Task.FromResult<Stream>(File.OpenRead(file))));
                continue;
            }

            foreach (var message in MboxMessageIds.Scan(file, name))
            {
                // Records from before lasting ids named an mbox message by its offset.
                if (!_done.Contains(message.Id) && !_done.Contains(message.OffsetId) && !Held(message.Id))
                {
                    items.Add(new MailboxItem(message.Id, _ => Task.FromResult(MboxMessageIds.OpenMessage(file, message.Start, message.Length))));
                }
            }
        }

        ListedCount = items.Count + _listingFailures.Count;
        foreach (var item in max is { } limit ? items.Take(limit) : items)
        {
            yield return item;
        }
    }

    /// <summary>True (and reported as skipped, with the line to fix) when a line of the record that is not a record names <paramref name="id"/>.</summary>
    private bool Held(string id)
    {
        if (!_held.TryGetValue(id, out var line))
        {
            return false;
        }

        _listingFailures.Add(new MessageFailure(id, $"line {line.Number} of the label record names this message but is not a label record ({line.Problem}); the message is left alone until that line is fixed or deleted") { Skipped = true });
        return true;
    }

    public Task<IReadOnlyCollection<string>> ApplyAsync(LabelGroup group, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        if (record is null)
        {
            throw new InvalidOperationException("A dry run writes no labels.");
        }

        var now = DateTimeOffset.UtcNow;
        var action = group.Action == LabelAction.Archive ? "archive" : null;
        lock (_writing)
        {
            try
            {
                record.Append(group.Messages.Select(m => new FolderRecord(m.Id, group.Label, action, m.Source.Name(), m.Reason, now)));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The disk is full or the folder was taken away: these labels are not written, and the next run decides again.
                throw new MailboxUnavailableException($"The label record {mailbox.RecordPath} could not be written: {ex.Message}", ex);
            }

            foreach (var message in group.Messages)
            {
                _done.Add(message.Id);
                feedback?.Applied(message.Id, group.Label);
            }
        }

        return Task.FromResult<IReadOnlyCollection<string>>([]);
    }

    public IFilingFeedback? Filing => feedback;

    public ValueTask DisposeAsync()
    {
        record?.Dispose();
        return ValueTask.CompletedTask;
    }
}
