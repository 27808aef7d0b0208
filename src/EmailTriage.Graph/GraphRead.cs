using EmailTriage.Graph.Api;

namespace EmailTriage.Graph;

/// <summary>What reading one chunk found.</summary>
internal sealed class GraphRead
{
    public Dictionary<string, byte[]> Fetched { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Gone { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Failed { get; } = new(StringComparer.Ordinal);

    /// <summary>Why the rest of the chunk (and of the listing) was not read: Graph stopped answering.</summary>
    public string? Stopped { get; set; }

    public void Add(string id, GraphResponse answer)
    {
        if (answer.IsSuccess && answer.Bytes is { } bytes)
        {
            Fetched[id] = bytes;
        }
        else if (answer.Status == 404)
        {
            Gone.Add(id);
        }
        else
        {
            Failed[id] = answer.IsSuccess ? "Graph answered without its MIME" : answer.Describe();
        }
    }

    public void Add(string id, GraphException error)
    {
        if (error.Status == 404)
        {
            Gone.Add(id);
        }
        else
        {
            Failed[id] = error.Message;
        }
    }
}
