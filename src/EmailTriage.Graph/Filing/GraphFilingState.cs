using System.Text.Json;
using System.Text.Json.Serialization;
using EmailTriage.State;

namespace EmailTriage.Graph.Filing;

/// <summary>
/// What the feedback for learning keeps in the mailbox's state store as <c>graph-filing.json</c>: a delta link per folder it
/// follows (the triaged folder and Archive with categories, each label's folder with folders), and the label each message
/// was last learned under, so a later change that is no one's label (read, flagged) does not teach the same thing again.
/// </summary>
internal sealed class GraphFilingState
{
    public const string Name = "graph-filing.json";

    /// <summary>How many messages' last labels are kept at most; the oldest go first, so the item stays small.</summary>
    public const int Capacity = 10_000;

    [JsonPropertyName("cursors")]
    public Dictionary<string, string> Cursors { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Label by message id, oldest first.</summary>
    [JsonPropertyName("known")]
    public List<GraphKnownLabel> Known { get; set; } = [];

    private Dictionary<string, string>? _index;

    public string? LabelOf(string id) => Index.GetValueOrDefault(id);

    /// <summary>Records <paramref name="label"/> as the newest entry for the message.</summary>
    public void Record(string id, string label)
    {
        if (Index.ContainsKey(id))
        {
            Known.RemoveAll(k => k.Id == id);
        }

        Known.Add(new GraphKnownLabel(id, label));
        Index[id] = label;
        if (Known.Count > Capacity)
        {
            foreach (var dropped in Known[..(Known.Count - Capacity)])
            {
                Index.Remove(dropped.Id);
            }

            Known.RemoveRange(0, Known.Count - Capacity);
        }
    }

    private Dictionary<string, string> Index => _index ??= Known.GroupBy(k => k.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Label, StringComparer.Ordinal);

    public static async Task<GraphFilingState> ReadAsync(IStateStore store, CancellationToken cancellationToken)
    {
        await using var stream = await store.OpenReadAsync(Name, cancellationToken);
        return stream is null
            ? new GraphFilingState()
            : await JsonSerializer.DeserializeAsync(stream, GraphStateJsonContext.Default.GraphFilingState, cancellationToken) ?? new GraphFilingState();
    }

    public async Task WriteAsync(IStateStore store, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream();
        await JsonSerializer.SerializeAsync(content, this, GraphStateJsonContext.Default.GraphFilingState, cancellationToken);
        content.Position = 0;
        await store.WriteAsync(Name, content, cancellationToken);
    }
}

/// <summary>A message and the label it was last learned under.</summary>
internal sealed record GraphKnownLabel(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("label")] string Label);
