using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using EmailTriage.State;

namespace EmailTriage.Decisions;

/// <summary>
/// A mailbox's decision log in its state store (a folder on this machine, blobs with EMAILTRIAGE_STORAGE): one item of
/// JSON lines per day (<c>decisions-2026-12-06.jsonl</c>), only ever appended, kept for <see cref="KeepDays"/> days and
/// then removed whole. It is the record the review page reads and the journal a run killed mid-way is finished from: a
/// decision paid for is appended before its label is applied, so the next run applies it without asking the LLM again.
/// A line that cannot be read (a write cut short by a kill) is skipped, never the rest.
/// </summary>
public sealed class DecisionLog(IStateStore store, TimeProvider time, int keepDays = DecisionLog.DefaultKeepDays) : IDisposable
{
    public const string ItemPrefix = "decisions-";
    public const string ItemSuffix = ".jsonl";
    public const int DefaultKeepDays = 90;

    private readonly SemaphoreSlim _appending = new(1, 1);
    private readonly HashSet<string> _started = new(StringComparer.Ordinal);

    public int KeepDays => keepDays;

    public IStateStore Store => store;

    /// <summary>Appends the lines in one write of the day's item, after any append in progress (one writer per mailbox holds its lock).</summary>
    public async Task AppendAsync(IReadOnlyCollection<DecisionEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return;
        }

        var item = ItemOf(time.GetUtcNow());
        var text = new StringBuilder();

        // A run killed mid-line left a line without its end: start this run's lines on a line of their own (a blank line is skipped).
        if (_started.Add(item))
        {
            text.Append('\n');
        }

        foreach (var entry in entries)
        {
            text.Append(JsonSerializer.Serialize(entry, DecisionLogJsonContext.Default.DecisionEntry)).Append('\n');
        }

        await _appending.WaitAsync(cancellationToken);
        try
        {
            await store.AppendAsync(item, Encoding.UTF8.GetBytes(text.ToString()), cancellationToken);
        }
        finally
        {
            _appending.Release();
        }
    }

    /// <summary>Every line since <paramref name="since"/>, oldest first (day by day, and in the order written within a day).</summary>
    public async IAsyncEnumerable<DecisionEntry> ReadAsync(DateTimeOffset since, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var days = new List<(DateOnly Day, string Name)>();
        await foreach (var name in store.ListAsync(ItemPrefix, cancellationToken))
        {
            if (DayOf(name) is { } day && day >= DateOnly.FromDateTime(since.UtcDateTime))
            {
                days.Add((day, name));
            }
        }

        foreach (var (_, name) in days.OrderBy(d => d.Day))
        {
            await using var stream = await store.OpenReadAsync(name, cancellationToken);
            if (stream is null)
            {
                continue;
            }

            using var reader = new StreamReader(stream, Encoding.UTF8);
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (Parse(line) is { } entry && entry.At >= since)
                {
                    yield return entry;
                }
            }
        }
    }

    /// <summary>
    /// Decisions paid for in the last <paramref name="window"/> whose label was never applied (the run that made them was
    /// killed or stopped first), by message id: the latest of each, when nothing later says how that message ended.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, DecisionEntry>> PendingAsync(TimeSpan window, CancellationToken cancellationToken)
    {
        var pending = new Dictionary<string, DecisionEntry>(StringComparer.Ordinal);
        await foreach (var entry in ReadAsync(time.GetUtcNow() - window, cancellationToken))
        {
            if (entry.Kind == DecisionEntryKind.Decided && entry.Label is not null)
            {
                pending[entry.Id] = entry;
            }
            else if (entry.Kind is DecisionEntryKind.Outcome or DecisionEntryKind.Changed or DecisionEntryKind.Undone)
            {
                pending.Remove(entry.Id);
            }
        }

        return pending;
    }

    /// <summary>Removes the items of days older than <see cref="KeepDays"/>.</summary>
    public async Task PruneAsync(CancellationToken cancellationToken)
    {
        var oldest = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(-keepDays);
        var old = new List<string>();
        await foreach (var name in store.ListAsync(ItemPrefix, cancellationToken))
        {
            if (DayOf(name) is { } day && day < oldest)
            {
                old.Add(name);
            }
        }

        foreach (var name in old)
        {
            await store.DeleteAsync(name, cancellationToken);
        }
    }

    /// <summary>A new run's id: when it started, and a few random letters so two runs in one second differ.</summary>
    public static string NewRunId(DateTimeOffset now) =>
        $"{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}-{Guid.NewGuid().ToString("N")[..6]}";

    public void Dispose() => _appending.Dispose();

    internal static DecisionEntry? Parse(string line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(line, DecisionLogJsonContext.Default.DecisionEntry);
        }
        catch (JsonException)
        {
            // A line cut short by a kill: the lines before and after it still count.
            return null;
        }
    }

    private static string ItemOf(DateTimeOffset at) => $"{ItemPrefix}{at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}{ItemSuffix}";

    private static DateOnly? DayOf(string name) =>
        name.StartsWith(ItemPrefix, StringComparison.Ordinal) && name.EndsWith(ItemSuffix, StringComparison.Ordinal)
        && DateOnly.TryParseExact(name[ItemPrefix.Length..^ItemSuffix.Length], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : null;
}

[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(DecisionEntry))]
internal sealed partial class DecisionLogJsonContext : JsonSerializerContext;
