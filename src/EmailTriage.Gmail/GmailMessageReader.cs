using System.Net;
using EmailTriage.Gmail.Api;
using EmailTriage.Gmail.Http;
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
    /// <summary>Every id matching <paramref name="query"/> and carrying all of <paramref name="labelIds"/> (either may be null), each once, in Gmail's order.</summary>
    public async Task<IReadOnlyList<string>> ListIdsAsync(string? query, IReadOnlyList<string>? labelIds, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? pageToken = null;
        var pages = 0;
        do
        {
            var request = api.Users.Messages.List(userId);
            request.Q = query;
            request.LabelIds = labelIds is null ? null : new Repeatable<string>(labelIds);
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

    /// <summary>
    /// The messages of one batch. Parts Gmail rate-limited are batched again after one wait (at most GMAIL_MAX_RETRIES
    /// times) rather than asked for one by one, which would only add to the load Gmail complained about; a part that
    /// failed otherwise is tried once more alone. A batch refused as a whole may be one message's doing (one whose answer
    /// the batch cannot carry): its halves are asked for, down to that message, which is asked for alone. Null when the
    /// batch and both its halves were refused: Gmail is not answering, and asking on would only add load.
    /// </summary>
    /// <param name="failures">Filled with why each message asked for and not returned could not be fetched, by id.</param>
    public async Task<IReadOnlyList<Message>?> FetchAsync(string[] ids, CancellationToken cancellationToken, IDictionary<string, string>? failures = null)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ids.Length, GmailMailbox.MaxBatchSize);
        failures ??= new Dictionary<string, string>(StringComparer.Ordinal);
        if (await FetchBatchAsync(ids, failures, cancellationToken) is { } fetched)
        {
            return fetched;
        }

        return ids.Length == 1
            ? await FetchAloneAsync(ids[0], failures, cancellationToken) is { } alone ? [alone] : null
            : await SplitAsync(ids, failures, cancellationToken);
    }

    private async Task<IReadOnlyList<Message>?> SplitAsync(string[] ids, IDictionary<string, string> failures, CancellationToken cancellationToken)
    {
        string[][] halves = [ids[..(ids.Length / 2)], ids[(ids.Length / 2)..]];
        LogSplitting(logger, ids.Length);
        var answers = new IReadOnlyList<Message>?[halves.Length];
        for (var h = 0; h < halves.Length; h++)
        {
            answers[h] = await FetchBatchAsync(halves[h], failures, cancellationToken);
        }

        if (answers.All(a => a is null))
        {
            return null;
        }

        var messages = new List<Message>();
        for (var h = 0; h < halves.Length; h++)
        {
            if (answers[h] is { } answer)
            {
                messages.AddRange(answer);
            }
            else if (halves[h].Length == 1)
            {
                if (await FetchAloneAsync(halves[h][0], failures, cancellationToken) is { } alone)
                {
                    messages.Add(alone);
                }
            }
            else if (await SplitAsync(halves[h], failures, cancellationToken) is { } part)
            {
                messages.AddRange(part);
            }
            else
            {
                foreach (var id in halves[h])
                {
                    failures[id] = "Gmail refused every batch that asks for it, even after backing off";
                }
            }
        }

        return messages;
    }

    /// <summary>One batch as it is: rate-limited parts again after a wait, other failed parts alone; null when it failed as a whole.</summary>
    private async Task<IReadOnlyList<Message>?> FetchBatchAsync(string[] ids, IDictionary<string, string> failures, CancellationToken cancellationToken)
    {
        var results = new Message?[ids.Length];
        var alone = new List<int>();
        IReadOnlyList<int> pending = [.. Enumerable.Range(0, ids.Length)];
        for (var attempt = 1; ; attempt++)
        {
            var failedParts = await BatchAsync(ids, pending, results, cancellationToken);
            if (failedParts is null)
            {
                return null;
            }

            alone.AddRange(failedParts.Where(f => !f.RateLimited).Select(f => f.Slot));
            var limited = failedParts.Where(f => f.RateLimited).ToList();
            if (limited.Count == 0)
            {
                break;
            }

            var backOff = api.BackOff;
            if (attempt > backOff.Policy.MaxRetries)
            {
                LogRateLimitedLeft(logger, limited.Count, attempt - 1);
                Fail(limited, $"Gmail still rate-limited it (HTTP {limited[0].Status}) after {attempt - 1} more batches");
                break;
            }

            // One wait for the whole batch: the longest Retry-After any part asked for, and never less than the back-off.
            var retryAfter = limited.Max(f => f.RetryAfter ?? TimeSpan.Zero);
            if (retryAfter > GmailRetryPolicy.MaxRetryAfter)
            {
                LogRetryAfterTooLong(logger, limited.Count, retryAfter.TotalSeconds);
                Fail(limited, $"Gmail asked to wait {retryAfter.TotalSeconds:0} s before asking again, longer than a run waits");
                break;
            }

            var next = backOff.Next(attempt);
            var wait = retryAfter > next ? retryAfter : next;
            LogRateLimited(logger, limited.Count, pending.Count, limited[0].Status, attempt, backOff.Policy.MaxRetries, wait);
            await backOff.WaitAsync(wait, cancellationToken);
            pending = [.. limited.Select(f => f.Slot)];
        }

        foreach (var slot in alone)
        {
            results[slot] = await FetchAloneAsync(ids[slot], failures, cancellationToken);
        }

        return [.. results.OfType<Message>()];

        void Fail(IEnumerable<PartFailure> parts, string reason)
        {
            foreach (var part in parts)
            {
                failures[ids[part.Slot]] = reason;
            }
        }
    }

    /// <summary>
    /// One message's RFC 822 bytes, got alone when someone reads it (the content of a filing event). A failure is an
    /// <see cref="IOException"/>, which readers of mail already treat as "this message could not be read".
    /// </summary>
    public async Task<Stream> OpenRawAsync(string id, CancellationToken cancellationToken)
    {
        Message message;
        try
        {
            message = await GetRaw(id).ExecuteAsync(cancellationToken);
        }
        catch (Exception ex) when (GmailErrors.IsCallFailure(ex, cancellationToken))
        {
            throw new IOException($"Gmail message {id} could not be fetched ({GmailErrors.Describe(ex)}).", ex);
        }

        var bytes = message.Raw is null ? null : Decode(message);
        return bytes is null
            ? throw new IOException($"Gmail answered message {id} without readable raw content.")
            : new MemoryStream(bytes, writable: false);
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

    /// <summary>One batch of the gets in <paramref name="slots"/>, filling <paramref name="results"/>; answers the parts that failed, or null when the batch did.</summary>
    private async Task<List<PartFailure>?> BatchAsync(string[] ids, IReadOnlyList<int> slots, Message?[] results, CancellationToken cancellationToken)
    {
        var failures = new List<PartFailure>();
        var batch = new BatchRequest(api, api.BatchUri);
        foreach (var slot in slots)
        {
            batch.Queue<Message>(GetRaw(ids[slot]), (content, error, _, response) =>
            {
                if (error is null && content?.Raw is not null)
                {
                    results[slot] = content;
                    return;
                }

                // Each part carries its own status and headers; 429, and 403 with a rate-limit reason, mean "slow down".
                var status = (int?)response?.StatusCode ?? error?.Code ?? 0;
                var rateLimited = status == (int)HttpStatusCode.TooManyRequests
                    || (status == (int)HttpStatusCode.Forbidden && error?.Errors?.Any(e => GmailBackOff.IsRateLimitReason(e.Reason)) == true);
                lock (failures)
                {
                    failures.Add(new PartFailure(slot, status, GmailBackOff.RetryAfter(response?.Headers.RetryAfter), rateLimited));
                }
            });
        }

        try
        {
            await batch.ExecuteAsync(cancellationToken);
        }
        catch (Exception ex) when (GmailErrors.IsCallFailure(ex, cancellationToken))
        {
            LogBatchFailed(logger, slots.Count, GmailErrors.Describe(ex));
            return null;
        }

        LogBatchFetched(logger, slots.Count - failures.Count, slots.Count);
        return failures;
    }

    private async Task<Message?> FetchAloneAsync(string id, IDictionary<string, string> failures, CancellationToken cancellationToken)
    {
        string reason;
        try
        {
            var message = await GetRaw(id).ExecuteAsync(cancellationToken);
            if (message.Raw is not null)
            {
                return message;
            }

            reason = "Gmail answered without its raw content";
        }
        catch (Exception ex) when (GmailErrors.IsCallFailure(ex, cancellationToken))
        {
            reason = GmailErrors.Describe(ex);
        }

        LogFetchFailed(logger, id, reason);
        failures[id] = reason;
        return null;
    }

    private GetMessageRequest GetRaw(string id)
    {
        var request = api.Users.Messages.Get(userId, id);
        request.Format = MessageFormat.Raw;
        return request;
    }

    /// <summary>A get that failed inside a batch: its HTTP status, the Retry-After it carried, and whether it means "slow down".</summary>
    private readonly record struct PartFailure(int Slot, int Status, TimeSpan? RetryAfter, bool RateLimited);

    [LoggerMessage(Level = LogLevel.Information, Message = "Gmail listed {Count} messages in {Pages} pages")]
    private static partial void LogListed(ILogger logger, int count, int pages);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Gmail batch fetched {Fetched} of {Count} messages")]
    private static partial void LogBatchFetched(ILogger logger, int fetched, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A Gmail batch of {Count} gets was refused as a whole; asking for each half on its own, so one message cannot hold back the others")]
    private static partial void LogSplitting(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gmail batch of {Count} gets failed as a whole ({Error})")]
    private static partial void LogBatchFailed(ILogger logger, int count, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gmail rate-limited {Count} of {Parts} gets in a batch (HTTP {Status}); batching them again, attempt {Attempt} of {MaxRetries}, in {Delay}")]
    private static partial void LogRateLimited(ILogger logger, int count, int parts, int status, int attempt, int maxRetries, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gmail still rate-limits {Count} gets after {Retries} batches again; they are left for the next run")]
    private static partial void LogRateLimitedLeft(ILogger logger, int count, int retries);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gmail asked to wait {Seconds} s before {Count} rate-limited gets of a batch, longer than a run waits; they are left for the next run")]
    private static partial void LogRetryAfterTooLong(ILogger logger, int count, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipping Gmail message {MessageId} for this run: fetching it failed twice ({Error})")]
    private static partial void LogFetchFailed(ILogger logger, string messageId, string error);
}
