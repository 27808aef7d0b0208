using EmailTriage.Graph.Api;
using EmailTriage.Mailboxes;
using Microsoft.Extensions.Logging;

namespace EmailTriage.Graph;

/// <summary>
/// Reads messages' MIME without changing them (<c>$value</c> marks nothing read): those without attachments 20 to a $batch,
/// those with attachments alone, streamed and cut at the byte budget, so a 20 MB attachment costs its first bytes only and
/// never swells a batch answer. A batch refused as a whole is read again in halves, down to the message at fault.
/// </summary>
internal sealed partial class GraphMessageReader(GraphHttp http, GraphPaths paths, int byteBudget, ILogger logger)
{
    /// <summary>Room for the headers (Received chains and DKIM signatures run to kilobytes) before the text starts.</summary>
    public const int HeaderAllowance = 16 * 1024;

    /// <summary>Bytes read for a body budget of <paramref name="maxBodyChars"/> characters: encodings and HTML take several bytes per character kept.</summary>
    public static int ByteBudget(int maxBodyChars) => HeaderAllowance + (4 * maxBodyChars);

    /// <summary>
    /// One chunk of at most 20 messages. What Graph answered for each: its bytes, gone (deleted or moved since the listing),
    /// or why it could not be read. <c>Stopped</c> is set when Graph itself stopped answering; what was read by then stands.
    /// </summary>
    public async Task<GraphRead> ReadAsync(IReadOnlyList<(string Id, bool HasAttachments)> chunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        var read = new GraphRead();
        try
        {
            var whole = chunk.Where(c => !c.HasAttachments).Select(c => c.Id).ToList();
            var refused = await BatchHalving.RunAsync(
                whole,
                async part =>
                {
                    var answers = await http.BatchAsync([.. part.Select(id => GraphRequest.Get(paths.Value(id)))], cancellationToken);
                    for (var i = 0; i < part.Count; i++)
                    {
                        read.Add(part[i], answers[i]);
                    }
                },
                GraphErrors.IsBatchFault,
                cancellationToken,
                MaxRefusedBatches(whole.Count));
            foreach (var (id, error) in refused)
            {
                LogUnreadable(logger, id, GraphErrors.Describe(error));
                read.Failed[id] = $"Graph refused every batch asking for it, and it alone ({GraphErrors.Describe(error)})";
            }

            foreach (var (id, _) in chunk.Where(c => c.HasAttachments))
            {
                try
                {
                    read.Fetched[id] = await http.ReadBytesAsync(paths.Value(id), byteBudget, cancellationToken);
                }
                catch (GraphException ex) when (ex.Status is not (401 or 403))
                {
                    read.Add(id, ex);
                }
            }
        }
        catch (Exception ex) when (GraphErrors.IsCallFailure(ex, cancellationToken))
        {
            read.Stopped = GraphErrors.Describe(ex);
        }

        return read;
    }

    /// <summary>One message's MIME, read alone when someone reads it (a filing event); a failure is an <see cref="IOException"/>, as for any unreadable mail.</summary>
    public async Task<Stream> OpenAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            return new MemoryStream(await http.ReadBytesAsync(paths.Value(id), byteBudget, cancellationToken), writable: false);
        }
        catch (Exception ex) when (GraphErrors.IsCallFailure(ex, cancellationToken))
        {
            throw new IOException($"Graph message {id} could not be read ({GraphErrors.Describe(ex)}).", ex);
        }
    }

    /// <summary>The search for a message a batch cannot carry costs at most what finding three of them costs.</summary>
    private static int MaxRefusedBatches(int count) => 3 * ((int)Math.Ceiling(Math.Log2(Math.Max(count, 2))) + 2);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Graph message {MessageId} could not be read, even alone ({Error}); it is left for the next run")]
    private static partial void LogUnreadable(ILogger logger, string messageId, string error);
}
