using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace EmailTriage.Gmail.Http;

/// <summary>
/// Retries what Gmail asks to be retried: 429, 403 with reason rateLimitExceeded or userRateLimitExceeded, 5xx, and
/// connections that fail. Waits what Retry-After says, otherwise exponentially longer with jitter so that parallel
/// clients do not come back in step. Google.Apis' own back-off only knows 503, so it is switched off.
/// </summary>
internal sealed partial class GmailRetryHandler(GmailRetryPolicy policy, ILogger logger, Func<TimeSpan, CancellationToken, Task>? delay = null) : DelegatingHandler
{
    private readonly Func<TimeSpan, CancellationToken, Task> _delay = delay ?? Task.Delay;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is not null)
        {
            // The same request object is sent again on retry, so its body must be re-readable.
            await request.Content.LoadIntoBufferAsync(cancellationToken);
        }

        for (var attempt = 1; ; attempt++)
        {
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException ex) when (attempt <= policy.MaxRetries)
            {
                var backOff = BackOff(attempt);
                LogConnectionRetry(logger, request.Method, request.RequestUri?.AbsolutePath, ex.Message, attempt, policy.MaxRetries, backOff);
                await _delay(backOff, cancellationToken);
                continue;
            }

            var reason = await RetryReasonAsync(response, cancellationToken);
            if (reason is null || attempt > policy.MaxRetries)
            {
                return response;
            }

            var wait = RetryAfter(response) ?? BackOff(attempt);
            LogRetry(logger, request.Method, request.RequestUri?.AbsolutePath, (int)response.StatusCode, reason, attempt, policy.MaxRetries, wait);
            response.Dispose();
            await _delay(wait, cancellationToken);
        }
    }

    /// <summary>Exponential back-off with "equal jitter": half the step fixed, half random, never beyond MaxDelay.</summary>
    internal TimeSpan BackOff(int attempt)
    {
        var step = Math.Min(policy.MaxDelay.TotalMilliseconds, policy.BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds((step / 2) + (Random.Shared.NextDouble() * step / 2));
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        return wait is { } w ? TimeSpan.FromTicks(Math.Clamp(w.Ticks, 0, GmailRetryPolicy.MaxRetryAfter.Ticks)) : null;
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
        return ErrorReasons(body).FirstOrDefault(r => r is "rateLimitExceeded" or "userRateLimitExceeded");
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
