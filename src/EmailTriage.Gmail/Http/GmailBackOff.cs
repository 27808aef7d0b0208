namespace EmailTriage.Gmail.Http;

/// <summary>
/// How long to wait before trying Gmail again, and the waiting itself: shared by <see cref="GmailRetryHandler"/>
/// (whole requests) and the batch reader (rate-limited parts), so tests can record every wait instead of sleeping.
/// </summary>
internal sealed class GmailBackOff(GmailRetryPolicy policy, Func<TimeSpan, CancellationToken, Task>? delay = null)
{
    private readonly Func<TimeSpan, CancellationToken, Task> _delay = delay ?? Task.Delay;

    public GmailRetryPolicy Policy => policy;

    /// <summary>Exponential back-off with "equal jitter": half the step fixed, half random, never beyond MaxDelay.</summary>
    public TimeSpan Next(int attempt)
    {
        var step = Math.Min(policy.MaxDelay.TotalMilliseconds, policy.BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds((step / 2) + (Random.Shared.NextDouble() * step / 2));
    }

    public Task WaitAsync(TimeSpan wait, CancellationToken cancellationToken) => _delay(wait, cancellationToken);

    /// <summary>What a Retry-After header asks for (callers refuse more than <see cref="GmailRetryPolicy.MaxRetryAfter"/>); null without one.</summary>
    public static TimeSpan? RetryAfter(System.Net.Http.Headers.RetryConditionHeaderValue? header)
    {
        var wait = header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        return wait is { } w && w < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    /// <summary>The error reasons that mean "slow down" rather than "not allowed", when Gmail answers 403.</summary>
    public static bool IsRateLimitReason(string? reason) => reason is "rateLimitExceeded" or "userRateLimitExceeded";
}
