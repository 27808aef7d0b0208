using System.Text.Json;
using System.Text.Json.Serialization;
using EmailTriage.State;

namespace EmailTriage.Graph;

/// <summary>
/// What a run of the Graph mailbox leaves for the next one, in the mailbox's state store as <c>graph-triage.json</c>:
/// <list type="bullet">
/// <item>the delta link of the triaged folder, so the next run asks only for what changed since;</item>
/// <item>the candidates not labelled yet, each as the listing saw it (change key, categories): a delta reports a message
/// only when it changes, so one left by a run (--max, a time budget, a failure, a kill) would otherwise never come back.
/// One that changes meanwhile comes back in the delta, whose view replaces the kept one;</item>
/// <item>moves the app began and may not have finished (the label folder, or Archive), written before the move is asked
/// for, so a run killed between labelling a message and moving it finishes the move next time, once.</item>
/// </list>
/// </summary>
internal sealed class GraphTriageState
{
    public const string Name = "graph-triage.json";

    /// <summary>The id of the folder the delta link belongs to: another folder (GRAPH_FOLDER changed) starts afresh.</summary>
    [JsonPropertyName("folder")]
    public string? Folder { get; set; }

    [JsonPropertyName("deltaLink")]
    public string? DeltaLink { get; set; }

    [JsonPropertyName("waiting")]
    public List<GraphCandidate> Waiting { get; set; } = [];

    [JsonPropertyName("moves")]
    public List<GraphPendingMove> Moves { get; set; } = [];

    public static async Task<GraphTriageState> ReadAsync(IStateStore store, CancellationToken cancellationToken)
    {
        await using var stream = await store.OpenReadAsync(Name, cancellationToken);
        return stream is null
            ? new GraphTriageState()
            : await JsonSerializer.DeserializeAsync(stream, GraphStateJsonContext.Default.GraphTriageState, cancellationToken) ?? new GraphTriageState();
    }

    public async Task WriteAsync(IStateStore store, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream();
        await JsonSerializer.SerializeAsync(content, this, GraphStateJsonContext.Default.GraphTriageState, cancellationToken);
        content.Position = 0;
        await store.WriteAsync(Name, content, cancellationToken);
    }
}

/// <summary>A new message as the listing saw it: enough to label it without reading it again.</summary>
internal sealed record GraphCandidate(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("etag")] string? ETag,
    [property: JsonPropertyName("categories")] IReadOnlyList<string> Categories,
    [property: JsonPropertyName("attachments")] bool HasAttachments,
    [property: JsonPropertyName("received")] DateTimeOffset? Received);

/// <summary>A move the app asked for (or is about to): the message, the triaged folder it leaves, and where it goes.</summary>
internal sealed record GraphPendingMove(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("from")] string From,
    [property: JsonPropertyName("to")] string To);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GraphTriageState))]
[JsonSerializable(typeof(Filing.GraphFilingState))]
internal sealed partial class GraphStateJsonContext : JsonSerializerContext;
