namespace EmailTriage.Graph.Api;

/// <summary>How <see cref="GraphHttp"/> backs off: BaseDelay, 2×, 4×, ... up to MaxDelay, each with jitter, at most MaxRetries times.</summary>
internal sealed record GraphRetryPolicy(int MaxRetries, TimeSpan BaseDelay, TimeSpan MaxDelay)
{
    public const int DefaultMaxRetries = 4;

    public static GraphRetryPolicy Default { get; } = new(DefaultMaxRetries, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(32));

    /// <summary>How long one attempt may take, answer included; each retry gets this again.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// A Retry-After beyond this is not worth waiting for within one run (or one Functions invocation): the call fails at
    /// once and the next run asks again. Exchange Online's mailbox throttling asks for seconds to a few minutes.
    /// </summary>
    public static TimeSpan MaxRetryAfter { get; } = TimeSpan.FromMinutes(2);
}
