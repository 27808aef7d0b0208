namespace EmailTriage.Gmail.Http;

/// <summary>How <see cref="GmailRetryHandler"/> backs off: BaseDelay, 2×, 4×, ... up to MaxDelay, each with jitter.</summary>
public sealed record GmailRetryPolicy(int MaxRetries, TimeSpan BaseDelay, TimeSpan MaxDelay)
{
    /// <summary>Google's recommendation: 1 s doubling to 32 s.</summary>
    public static GmailRetryPolicy Default { get; } = new(5, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(32));

    /// <summary>How long one attempt may take, answer body included; each retry gets this again.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>A Retry-After beyond this is not worth waiting for within one run: the call fails at once instead.</summary>
    public static TimeSpan MaxRetryAfter { get; } = TimeSpan.FromMinutes(2);
}
