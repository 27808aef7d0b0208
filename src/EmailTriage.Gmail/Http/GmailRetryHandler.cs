using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace EmailTriage.Gmail.Http;

/// <summary>
/// Retries what Gmail asks to be retried: 429, 403 with reason rateLimitExceeded or userRateLimitExceeded, 5xx, and
/// connections that fail. Waits what Retry-After says, otherwise exponentially longer with jitter so that parallel
/// clients do not come back in step; a Retry-After beyond <see cref="GmailRetryPolicy.MaxRetryAfter"/> fails at once.
/// Each attempt has its own timeout. Google.Apis' own back-off only knows 503, so it is switched off.
/// </summary>
internal sealed partial class GmailRetryHandler(GmailBackOff backOff, ILogger logger) : DelegatingHandler
{
    private GmailRetryPolicy Policy => backOff.Policy;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is not null)
        {
            // The same request object is sent again on retry, so its body must be re-readable.
            await request.Content.LoadIntoBufferAsync(cancellationToken);
        }

        for (var attempt = 1; ; attempt++)
        {
            HttpResponseMessage? response = null;
            using (var attemptCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                // Each attempt gets its own time: the client's own timeout is off, because it would span every retry and wait.
                attemptCancellation.CancelAfter(Policy.AttemptTimeout);
                try
                {
                    response = await base.SendAsync(request, attemptCancellation.Token);
                    await response.Content.LoadIntoBufferAsync(attemptCancellation.Token);
                }
                catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    response?.Dispose();
                    var timedOut = ex is OperationCanceledException;
                    if (attempt > Policy.MaxRetries)
                    {
                        if (timedOut)
                        {
                            var message = string.Create(CultureInfo.InvariantCulture, $"Gmail did not answer {request.Method} {request.RequestUri?.AbsolutePath} within {Policy.AttemptTimeout.TotalSeconds:0.#} s, {attempt} times.");
                            throw new TaskCanceledException(message, new TimeoutException(message, ex));
                        }

                        throw;
                    }

                    var wait = backOff.Next(attempt);
                    var error = timedOut ? string.Create(CultureInfo.InvariantCulture, $"no answer within {Policy.AttemptTimeout.TotalSeconds:0.#} s") : ex.Message;
                    LogConnectionRetry(logger, request.Method, request.RequestUri?.AbsolutePath, error, attempt, Policy.MaxRetries, wait);
                    await backOff.WaitAsync(wait, cancellationToken);
                    continue;
                }
            }

            var reason = await RetryReasonAsync(response, cancellationToken);
            if (reason is null)
            {
                return response;
            }

            var retryAfter = GmailBackOff.RetryAfter(response.Headers.RetryAfter);
            if (retryAfter > GmailRetryPolicy.MaxRetryAfter)
            {
                // Waiting that long would hold the run (or a Functions invocation) for nothing; the next run is sooner.
                var status = response.StatusCode;
                response.Dispose();
                throw new HttpRequestException(
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"Gmail asked to wait {retryAfter.Value.TotalSeconds:0} s before {request.Method} {request.RequestUri?.AbsolutePath} again ({(int)status}, {reason}), " +
                        $"longer than the {GmailRetryPolicy.MaxRetryAfter.TotalSeconds:0} s a run waits; the next run tries again."),
                    null,
                    status);
            }

            if (attempt > Policy.MaxRetries)
            {
                return response;
            }

            var delay = retryAfter ?? backOff.Next(attempt);
            LogRetry(logger, request.Method, request.RequestUri?.AbsolutePath, (int)response.StatusCode, reason, attempt, Policy.MaxRetries, delay);
            response.Dispose();
            await backOff.WaitAsync(delay, cancellationToken);
        }
    }

    private static async Task<string?> RetryReasonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (status == (int)HttpStatusCode.TooManyRequests)
        {
            return "rate limited";
        }

        if (status >= 500)
        {
            return "server error";
        }

        if (response.StatusCode != HttpStatusCode.Forbidden)
        {
            return null;
        }

        // 403 is also "no permission", which must not be retried; only the rate-limit reasons mean "slow down".
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return ErrorReasons(body).FirstOrDefault(GmailBackOff.IsRateLimitReason);
    }

    private static List<string> ErrorReasons(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array
                ? [.. errors.EnumerateArray().Select(e => e.TryGetProperty("reason", out var r) ? r.GetString() : null).OfType<string>()]
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gmail answered {Status} ({Reason}) to {Method} {Path}; retry {Attempt} of {MaxRetries} in {Delay}")]
    private static partial void LogRetry(ILogger logger, HttpMethod method, string? path, int status, string reason, int attempt, int maxRetries, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gmail could not be reached for {Method} {Path} ({Error}); retry {Attempt} of {MaxRetries} in {Delay}")]
    private static partial void LogConnectionRetry(ILogger logger, HttpMethod method, string? path, string error, int attempt, int maxRetries, TimeSpan delay);
}
