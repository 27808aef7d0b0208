using System.Runtime.CompilerServices;
using System.Text.Json;
using EmailTriage.Classification;
using EmailTriage.Filing;
using EmailTriage.Labels;
using EmailTriage.State;

namespace EmailTriage.Mailboxes;

/// <summary>
/// What the user filed or corrected in a folder mailbox, read from its label record (<c>.emailtriage/labels.jsonl</c>).
/// The state store keeps each message's label as last seen (<c>filing-seen.json</c>). A line whose label differs from
/// the one seen before was changed by hand: a correction. A new line the app did not write (no source, or a source
/// that is not one of the app's) was written by hand: a filing. The app's own new lines teach nothing. For an id with
/// several lines, the last one wins. A label that is not in the label file is offered too (the model keeps it aside, so
/// it counts once the label is added, rather than being marked seen and lost). What the app writes in a run is added to
/// what was seen when the run commits.
/// </summary>
internal sealed class FolderFilingFeedback(FolderMailbox mailbox, LabelConfig labels, IStateStore state) : IFilingFeedback
{
    public const string SeenItem = "filing-seen.json";

    private static readonly HashSet<string> AppSources = new(StringComparer.OrdinalIgnoreCase)
    {
        DecisionSourceNames.Rule, DecisionSourceNames.Learned, DecisionSourceNames.Llm, DecisionSourceNames.Fallback,
    };

    private readonly Dictionary<string, string> _applied = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private Dictionary<string, string>? _now;

    /// <summary>The app wrote this label in this run: seen, so it is not taken for the user's next time.</summary>
    public void Applied(string id, string label)
    {
        lock (_lock)
        {
            _applied[id] = label;
        }
    }

    public async IAsyncEnumerable<FilingEvent> ReadFilingAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var seen = await ReadSeenAsync(cancellationToken);
        var latest = new Dictionary<string, FolderRecord>(StringComparer.Ordinal);
        foreach (var record in mailbox.ReadRecord())
        {
            latest[record.Id] = record;
        }

        _now = latest.ToDictionary(r => r.Key, r => r.Value.Label, StringComparer.Ordinal);
        foreach (var (id, record) in latest)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // A label not in the label file goes through as written: the model keeps it aside until the label is added.
            var label = labels.Canonical(record.Label) ?? record.Label;
            FilingKind? kind = seen.TryGetValue(id, out var before)
                ? string.Equals(before, record.Label, StringComparison.Ordinal) ? null : FilingKind.Corrected
                : record.Source is { } source && AppSources.Contains(source) ? null : FilingKind.Filed;
            if (kind is { } filing && mailbox.Open(id) is { } item)
            {
                yield return new FilingEvent(item, label, filing);
            }
        }
    }

    public async Task CommitFilingAsync(CancellationToken cancellationToken)
    {
        if (_now is null)
        {
            return;
        }

        var seen = new Dictionary<string, string>(_now, StringComparer.Ordinal);
        lock (_lock)
        {
            foreach (var (id, label) in _applied)
            {
                seen[id] = label;
            }
        }

        using var content = new MemoryStream();
        await JsonSerializer.SerializeAsync(content, seen, FolderRecordJsonContext.Default.DictionaryStringString, cancellationToken);
        content.Position = 0;
        await state.WriteAsync(SeenItem, content, cancellationToken);
    }

    private async Task<Dictionary<string, string>> ReadSeenAsync(CancellationToken cancellationToken)
    {
        await using var stream = await state.OpenReadAsync(SeenItem, cancellationToken);
        if (stream is null)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        try
        {
            var seen = await JsonSerializer.DeserializeAsync(stream, FolderRecordJsonContext.Default.DictionaryStringString, cancellationToken);
            return new Dictionary<string, string>(seen ?? [], StringComparer.Ordinal);
        }
        catch (JsonException)
        {
            // Damaged: start again from the record as it is now; nothing is lost but the corrections made since the last run.
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }
    }
}
