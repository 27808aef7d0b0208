using System.Net.Http.Headers;

namespace EmailTriage.Graph.Api;

/// <summary>
/// How long to wait before asking Graph again, and the waiting itself: shared by whole requests and by the throttled parts
/// of a $batch, so tests record every wait instead of sleeping.
/// </summary>
internal sealed class GraphBackOff(GraphRetryPolicy policy, Func<TimeSpan, CancellationToken, Task>? delay = null)
{
    private readonly Func<TimeSpan, CancellationToken, Task> _delay = delay ?? Task.Delay;

    public GraphRetryPolicy Policy => policy;

    /// <summary>Exponential back-off with "equal jitter": half the step fixed, half random, never beyond MaxDelay.</summary>
    public TimeSpan Next(int attempt)
    {
        var step = Math.Min(policy.MaxDelay.TotalMilliseconds, policy.BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds((step / 2) + (Random.Shared.NextDouble() * step / 2));
    }

    /// <summary>What Graph asked for when it said, and never less than the back-off: Graph's Retry-After is a floor, not a promise.</summary>
    public TimeSpan Wait(int attempt, TimeSpan? retryAfter)
    {
        var next = Next(attempt);
        return retryAfter is { } asked && asked > next ? asked : next;
    }

    public Task WaitAsync(TimeSpan wait, CancellationToken cancellationToken) => _delay(wait, cancellationToken);

    /// <summary>A Retry-After header's wait (seconds or a date); null without one.</summary>
    public static TimeSpan? RetryAfter(RetryConditionHeaderValue? header)
    {
        var wait = header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        return wait is { } w && w < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    /// <summary>A Retry-After given as a $batch part's header: seconds.</summary>
    public static TimeSpan? RetryAfter(string? seconds) =>
        int.TryParse(seconds, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var s) ? TimeSpan.FromSeconds(s) : null;

    /// <summary>429 (throttled) and the 5xx Graph documents as transient (500 is Exchange's "try again" too).</summary>
    public static bool IsTransient(int status) => status is 429 or 500 or 502 or 503 or 504;
}
