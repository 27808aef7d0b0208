using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EmailTriage.Graph.Auth;
using Microsoft.Extensions.Logging;

namespace EmailTriage.Graph.Api;

/// <summary>
/// Every call to Graph goes through here, one HTTP request at a time, so retries and waits are decided in one place:
/// <list type="bullet">
/// <item>Bearer token on each request; a 401 asks for a new token once (with Graph's claims challenge) and tries again.</item>
/// <item>429 and transient 5xx wait what Retry-After says (never less than the back-off) and try again, at most
/// GRAPH_MAX_RETRIES times; a Retry-After longer than a run waits fails at once. A connection that fails is tried again too:
/// each write this app sends is safe to send twice (a PATCH carries If-Match, a move of an immutable id moves it once).</item>
/// <item>Every request asks for immutable ids, so an id stays the same when the message moves (folders, archive).</item>
/// <item><see cref="BatchAsync"/>: up to 20 requests in one JSON $batch; throttled parts are sent again in one batch after
/// one wait, rather than one by one.</item>
/// </list>
/// Links Graph hands out are followed only on Graph's own host: the bearer token goes nowhere else.
/// </summary>
internal sealed partial class GraphHttp(HttpClient http, Uri baseUrl, GraphAccess access, GraphBackOff backOff, ILogger logger)
{
    /// <summary>Graph takes at most 20 requests in a $batch.</summary>
    public const int MaxBatchParts = 20;

    private const string ImmutableIds = "IdType=\"ImmutableId\"";

    private int _requests;

    public Uri BaseUrl => baseUrl;

    public GraphAccess Access => access;

    public GraphBackOff BackOff => backOff;

    /// <summary>HTTP requests sent so far (retries included, a $batch once).</summary>
    public int RequestCount => Volatile.Read(ref _requests);

    public async Task<GraphResponse> SendAsync(GraphRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var response = await SendWithRetriesAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        return await ReadAsync(response, cancellationToken);
    }

    /// <summary>
    /// The first <paramref name="byteBudget"/> bytes of a body that may be large (a message's MIME with attachments): read
    /// as it streams in, and the rest is never read, as IMAP's partial fetch does.
    /// </summary>
    public async Task<byte[]> ReadBytesAsync(string url, int byteBudget, CancellationToken cancellationToken)
    {
        using var response = await SendWithRetriesAsync(GraphRequest.Get(url), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var error = await ReadAsync(response, cancellationToken);
            throw new GraphException($"GET {Path(url)}", error);
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[byteBudget];
        var read = 0;
        while (read < buffer.Length && await body.ReadAsync(buffer.AsMemory(read), cancellationToken) is var n and > 0)
        {
            read += n;
        }

        return buffer[..read];
    }

    /// <summary>
    /// Up to <see cref="MaxBatchParts"/> requests in one $batch; answers each request's response, in the order asked. A part
    /// Graph throttled or failed for the moment is asked again (all such parts in one batch, after one wait). Throws a
    /// <see cref="GraphException"/> when the batch as a whole is refused, and <see cref="HttpRequestException"/> when Graph
    /// cannot be reached, so a caller can tell one message's trouble (halve the batch) from Graph's.
    /// </summary>
    public async Task<IReadOnlyList<GraphResponse>> BatchAsync(IReadOnlyList<GraphRequest> requests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(requests.Count, MaxBatchParts);
        if (requests.Count <= 1)
        {
            // One request needs no envelope: sent alone it is still one HTTP request.
            return requests.Count == 0 ? [] : [await SendAsync(requests[0], cancellationToken)];
        }

        var results = new GraphResponse[requests.Count];
        List<int> pending = [.. Enumerable.Range(0, requests.Count)];
        for (var attempt = 1; ; attempt++)
        {
            var answers = await PostBatchAsync(requests, pending, cancellationToken);
            var again = new List<int>();
            foreach (var i in pending)
            {
                results[i] = answers[i];
                if (GraphBackOff.IsTransient(answers[i].Status))
                {
                    again.Add(i);
                }
            }

            if (again.Count == 0 || attempt > backOff.Policy.MaxRetries)
            {
                return results;
            }

            // One wait for all of them: the longest Retry-After any part asked for, and never less than the back-off.
            var retryAfter = again.Max(i => results[i].RetryAfter ?? TimeSpan.Zero);
            if (retryAfter > GraphRetryPolicy.MaxRetryAfter)
            {
                LogRetryAfterTooLong(logger, again.Count, retryAfter.TotalSeconds);
                return results;
            }

            var wait = backOff.Wait(attempt, retryAfter);
            LogPartsRetried(logger, again.Count, pending.Count, results[again[0]].Status, attempt, backOff.Policy.MaxRetries, wait);
            await backOff.WaitAsync(wait, cancellationToken);
            pending = again;
        }
    }

    private async Task<GraphResponse[]> PostBatchAsync(IReadOnlyList<GraphRequest> requests, List<int> slots, CancellationToken cancellationToken)
    {
        var parts = new JsonArray();
        foreach (var slot in slots)
        {
            var request = requests[slot];
            var headers = new JsonObject { ["Prefer"] = Prefer(request) };
            foreach (var (name, value) in request.Headers ?? new Dictionary<string, string>())
            {
                if (!string.Equals(name, "Prefer", StringComparison.OrdinalIgnoreCase))
                {
                    headers[name] = value;
                }
            }

            var part = new JsonObject
            {
                ["id"] = slot.ToString(CultureInfo.InvariantCulture),
                ["method"] = request.Method.Method,
                ["url"] = "/" + Relative(request.Url),
                ["headers"] = headers,
            };
            if (request.Body is not null)
            {
                headers["Content-Type"] = "application/json";
                part["body"] = request.Body.DeepClone();
            }

            parts.Add(part);
        }

        var response = await SendAsync(GraphRequest.Post("$batch", new JsonObject { ["requests"] = parts }), cancellationToken);
        if (!response.IsSuccess || response.Json is not { ValueKind: JsonValueKind.Object } json
            || !json.TryGetProperty("responses", out var answers) || answers.ValueKind != JsonValueKind.Array)
        {
            throw response.IsSuccess
                ? new GraphException($"Graph answered a $batch of {slots.Count} requests with something that is not a batch answer")
                : new GraphException($"The $batch of {slots.Count} requests", response);
        }

        var results = new GraphResponse?[requests.Count];
        foreach (var answer in answers.EnumerateArray())
        {
            if (answer.TryGetProperty("id", out var id) && int.TryParse(id.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var slot)
                && slot < results.Length && answer.TryGetProperty("status", out var status) && status.TryGetInt32(out var code))
            {
                results[slot] = Part(code, answer);
            }
        }

        var missing = slots.FirstOrDefault(s => results[s] is null, -1);
        if (missing >= 0)
        {
            throw new GraphException($"Graph's answer to a $batch of {slots.Count} requests has no answer for request {missing}");
        }

        return results!;
    }

    /// <summary>
    /// A part's answer. Its body follows OData's JSON batch format: JSON for JSON, a string for anything else, which is base64
    /// for binary media types and the text itself for text ones. A message's MIME is text, but which of the two Graph sends is
    /// not documented, so it is told apart by its content: MIME starts with header fields, which have a colon; base64 has none.
    /// </summary>
    private static GraphResponse Part(int status, JsonElement answer)
    {
        TimeSpan? retryAfter = null;
        if (answer.TryGetProperty("headers", out var headers) && headers.ValueKind == JsonValueKind.Object)
        {
            foreach (var header in headers.EnumerateObject())
            {
                if (string.Equals(header.Name, "Retry-After", StringComparison.OrdinalIgnoreCase) && header.Value.ValueKind == JsonValueKind.String)
                {
                    retryAfter = GraphBackOff.RetryAfter(header.Value.GetString());
                }
            }
        }

        if (!answer.TryGetProperty("body", out var body) || body.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return new GraphResponse(status, null, null, retryAfter);
        }

        return body.ValueKind == JsonValueKind.String
            ? new GraphResponse(status, null, Decode(body.GetString()!), retryAfter)
            : new GraphResponse(status, body.Clone(), null, retryAfter);
    }

    internal static byte[] Decode(string value)
    {
        var head = value.AsSpan(0, Math.Min(value.Length, 1024));
        if (!head.Contains(':'))
        {
            var base64 = value.Trim().Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var bytes = new byte[base64.Length];
            if (Convert.TryFromBase64String(base64, bytes, out var written))
            {
                return bytes[..written];
            }
        }

        return Encoding.UTF8.GetBytes(value);
    }

    private async Task<HttpResponseMessage> SendWithRetriesAsync(GraphRequest request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        var (refreshed, claims) = (false, (string?)null);
        var described = request.Describe();
        for (var attempt = 1; ; attempt++)
        {
            HttpResponseMessage? response = null;
            using (var attemptCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                // Each attempt gets its own time: the client's own timeout is off, because it would span every retry and wait.
                attemptCancellation.CancelAfter(backOff.Policy.AttemptTimeout);
                try
                {
                    using var message = await BuildAsync(request, refreshed, claims, cancellationToken);
                    Interlocked.Increment(ref _requests);
                    response = await http.SendAsync(message, completion, attemptCancellation.Token);
                }
                catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    response?.Dispose();
                    var timedOut = ex is OperationCanceledException;
                    if (attempt > backOff.Policy.MaxRetries)
                    {
                        if (timedOut)
                        {
                            var text = string.Create(CultureInfo.InvariantCulture, $"Graph did not answer {described} within {backOff.Policy.AttemptTimeout.TotalSeconds:0.#} s, {attempt} times.");
                            throw new HttpRequestException(text, new TimeoutException(text, ex));
                        }

                        throw;
                    }

                    var retry = backOff.Next(attempt);
                    LogConnectionRetry(logger, described, timedOut ? "no answer in time" : ex.Message, attempt, backOff.Policy.MaxRetries, retry);
                    await backOff.WaitAsync(retry, cancellationToken);
                    continue;
                }
            }

            if (response.StatusCode == HttpStatusCode.Unauthorized && !refreshed)
            {
                // An expired or revoked token: one new one, then the answer stands.
                (refreshed, claims) = (true, Claims(response.Headers.WwwAuthenticate));
                LogTokenRefused(logger, described);
                response.Dispose();
                attempt--;
                continue;
            }

            var status = (int)response.StatusCode;
            if (!GraphBackOff.IsTransient(status) || attempt > backOff.Policy.MaxRetries)
            {
                return response;
            }

            var retryAfter = GraphBackOff.RetryAfter(response.Headers.RetryAfter);
            if (retryAfter > GraphRetryPolicy.MaxRetryAfter)
            {
                // Waiting that long would hold the run (or a Functions invocation) for nothing; the next run is sooner.
                return response;
            }

            var wait = backOff.Wait(attempt, retryAfter);
            LogRetry(logger, described, status, attempt, backOff.Policy.MaxRetries, wait);
            response.Dispose();
            await backOff.WaitAsync(wait, cancellationToken);
        }
    }

    private async Task<HttpRequestMessage> BuildAsync(GraphRequest request, bool fresh, string? claims, CancellationToken cancellationToken)
    {
        var message = new HttpRequestMessage(request.Method, Absolute(request.Url));
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await access.TokenAsync(fresh, claims, cancellationToken));
        message.Headers.TryAddWithoutValidation("Prefer", Prefer(request));
        foreach (var (name, value) in request.Headers ?? new Dictionary<string, string>())
        {
            if (!string.Equals(name, "Prefer", StringComparison.OrdinalIgnoreCase))
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        if (request.Body is not null)
        {
            message.Content = new StringContent(request.Body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        return message;
    }

    /// <summary>Immutable ids on every request, with whatever else the request prefers (a page size).</summary>
    private static string Prefer(GraphRequest request) =>
        request.Headers is { } headers && headers.TryGetValue("Prefer", out var more) ? $"{ImmutableIds}, {more}" : ImmutableIds;

    private static async Task<GraphResponse> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var retryAfter = GraphBackOff.RetryAfter(response.Headers.RetryAfter);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var type = response.Content.Headers.ContentType?.MediaType;
        if (type is not null && type.Contains("json", StringComparison.OrdinalIgnoreCase) && bytes.Length > 0)
        {
            try
            {
                using var document = JsonDocument.Parse(bytes);
                return new GraphResponse((int)response.StatusCode, document.RootElement.Clone(), null, retryAfter);
            }
            catch (JsonException) when (!response.IsSuccessStatusCode)
            {
                // An error page that says it is JSON and is not: the status is what matters.
            }
        }

        return new GraphResponse((int)response.StatusCode, null, bytes, retryAfter);
    }

    /// <summary>A path relative to the API root, or a link Graph handed out, which must point at Graph itself.</summary>
    private Uri Absolute(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var absolute))
        {
            return new Uri(baseUrl, url);
        }

        return absolute.Scheme == baseUrl.Scheme && string.Equals(absolute.Authority, baseUrl.Authority, StringComparison.OrdinalIgnoreCase)
            ? absolute
            : throw new GraphException($"Graph handed out a link to {absolute.Scheme}://{absolute.Authority}, not to GRAPH_API_BASE_URL's {baseUrl.Authority}; it is not followed.");
    }

    /// <summary>What a $batch part's url is: the path and query after the API root.</summary>
    private string Relative(string url)
    {
        var absolute = Absolute(url).AbsoluteUri;
        return absolute.StartsWith(baseUrl.AbsoluteUri, StringComparison.Ordinal) ? absolute[baseUrl.AbsoluteUri.Length..] : url;
    }

    private static string Path(string url) => url.Split('?')[0];

    /// <summary>The claims challenge of a 401 (continuous access evaluation), decoded, or null.</summary>
    private static string? Claims(HttpHeaderValueCollection<AuthenticationHeaderValue> challenges)
    {
        foreach (var challenge in challenges)
        {
            var parameters = challenge.Parameter ?? "";
            var at = parameters.IndexOf("claims=\"", StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                continue;
            }

            var start = at + "claims=\"".Length;
            var end = parameters.IndexOf('"', start);
            try
            {
                return Encoding.UTF8.GetString(Convert.FromBase64String(parameters[start..(end < 0 ? parameters.Length : end)]));
            }
            catch (FormatException)
            {
                return null;
            }
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Graph answered {Status} to {Request}; retry {Attempt} of {MaxRetries} in {Delay}")]
    private static partial void LogRetry(ILogger logger, string request, int status, int attempt, int maxRetries, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Graph could not be reached for {Request} ({Error}); retry {Attempt} of {MaxRetries} in {Delay}")]
    private static partial void LogConnectionRetry(ILogger logger, string request, string error, int attempt, int maxRetries, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Information, Message = "Graph refused the access token for {Request}; asking the sign-in for a new one")]
    private static partial void LogTokenRefused(ILogger logger, string request);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Graph answered {Status} to {Count} of {Parts} requests in a $batch; sending them again in one batch, attempt {Attempt} of {MaxRetries}, in {Delay}")]
    private static partial void LogPartsRetried(ILogger logger, int count, int parts, int status, int attempt, int maxRetries, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Graph asked to wait {Seconds} s before {Count} requests of a $batch, longer than a run waits; they are left for the next run")]
    private static partial void LogRetryAfterTooLong(ILogger logger, int count, double seconds);
}
