using EmailTriage.Gmail.Api;
using Google.Apis.Requests;
using Google.Apis.Util;
using Microsoft.Extensions.Logging;

namespace EmailTriage.Gmail;

/// <summary>
/// Reads messages without changing them: pages through message ids, and fetches raw content in batches of at most
/// <see cref="GmailMailbox.MaxBatchSize"/> gets. Shared by triage (<see cref="GmailMailbox"/>) and evaluation
/// (<see cref="GmailLabelledMailbox"/>); callers turn call failures into their own advice.
/// </summary>
internal sealed partial class GmailMessageReader(GmailApi api, string userId, ILogger logger)
{
    /// <summary>Every id matching <paramref name="query"/> and carrying <paramref name="labelId"/> (either may be null), each once, in Gmail's order.</summary>
    public async Task<IReadOnlyList<string>> ListIdsAsync(string? query, string? labelId, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? pageToken = null;
        var pages = 0;
        do
        {
            var request = api.Users.Messages.List(userId);
            request.Q = query;
            request.LabelIds = labelId is null ? null : new Repeatable<string>([labelId]);
            request.MaxResults = ListMessagesRequest.MaxPageSize;
            request.PageToken = pageToken;
            var page = await request.ExecuteAsync(cancellationToken);
            pages++;
            foreach (var message in page.Messages ?? [])
            {
                if (message.Id is { } id && seen.Add(id))
                {
                    ids.Add(id);
                }
            }

            pageToken = page.NextPageToken;
        }
        while (!string.IsNullOrEmpty(pageToken));

        LogListed(logger, ids.Count, pages);
        return ids;
    }

    /// <summary>The messages of one batch; a part that failed is tried once more alone. Null when the batch as a whole failed.</summary>
    public async Task<IReadOnlyList<Message>?> FetchAsync(string[] ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ids.Length, GmailMailbox.MaxBatchSize);
        var results = new Message?[ids.Length];
        var batch = new BatchRequest(api, api.BatchUri);
        for (var i = 0; i < ids.Length; i++)
        {
            var slot = i;
            batch.Queue<Message>(GetRaw(ids[i]), (content, error, _, _) =>
            {
                if (error is null && content?.Raw is not null)
                {
                    results[slot] = content;
                }
            });
        }

        try
        {
            await batch.ExecuteAsync(cancellationToken);
        }
        catch (Exception ex) when (GmailErrors.IsCallFailure(ex, cancellationToken))
        {
            LogBatchFailed(logger, ids.Length, GmailErrors.Describe(ex));
            return null;
        }

        var fetched = results.Count(r => r is not null);
        LogBatchFetched(logger, fetched, ids.Length);
        for (var i = 0; i < ids.Length; i++)
        {
            results[i] ??= await FetchAloneAsync(ids[i], cancellationToken);
        }

        return [.. results.OfType<Message>()];
    }

    /// <summary>The RFC 822 bytes of a fetched message, or null (logged) when its raw content is not base64url.</summary>
    public byte[]? Decode(Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            return Base64Url.Decode(message.Raw!);
        }
        catch (FormatException)
        {
            LogFetchFailed(logger, message.Id!, "its raw content is not base64url");
            return null;
        }
    }

    private async Task<Message?> FetchAloneAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            var message = await GetRaw(id).ExecuteAsync(cancellationToken);
            if (message.Raw is not null)
            {
                return message;
            }

            LogFetchFailed(logger, id, "the answer had no raw content");
        }
        catch (Exception ex) when (GmailErrors.IsCallFailure(ex, cancellationToken))
        {
            LogFetchFailed(logger, id, GmailErrors.Describe(ex));
        }

        return null;
    }

    private GetMessageRequest GetRaw(string id)
    {
        var request = api.Users.Messages.Get(userId, id);
        request.Format = MessageFormat.Raw;
        return request;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Gmail listed {Count} messages in {Pages} pages")]
    private static partial void LogListed(ILogger logger, int count, int pages);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Gmail batch fetched {Fetched} of {Count} messages")]
    private static partial void LogBatchFetched(ILogger logger, int fetched, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gmail batch of {Count} gets failed as a whole ({Error})")]
    private static partial void LogBatchFailed(ILogger logger, int count, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipping Gmail message {MessageId} for this run: fetching it failed twice ({Error})")]
    private static partial void LogFetchFailed(ILogger logger, string messageId, string error);
}
