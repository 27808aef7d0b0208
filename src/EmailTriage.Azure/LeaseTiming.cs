namespace EmailTriage.Azure;

/// <summary>
/// When a run lease is renewed, how long one renewal may take, and how long before the lease could expire its holder
/// stops writing. The service starts a renewed lease's duration when it handles the request, which is never before the
/// request was sent: so a holder that counts from the moment it sent its last successful renewal never believes it holds
/// a lease the service has already let go.
/// </summary>
internal readonly record struct LeaseTiming(TimeSpan Duration, TimeSpan RenewEvery, TimeSpan RenewTimeout, TimeSpan RetryAfter, TimeSpan Margin)
{
    /// <summary>
    /// Three renewals per duration, so one lost renewal does not lose the lease; a renewal gets a sixth of the duration
    /// (10 s of 60) before it is given up, so a hung request is retried at least once while the lease still stands; and
    /// writing stops a quarter of the duration (15 s of 60) before the lease could expire, which covers a mailbox write
    /// that began just before the deadline and a clock that runs a little slow.
    /// </summary>
    public static LeaseTiming For(TimeSpan duration, TimeSpan? renewEvery = null) =>
        new(duration, renewEvery ?? duration / 3, duration / 6, duration / 20, duration / 4);

    /// <summary>How long after a renewal (or the acquisition) was sent the holder may still write.</summary>
    public TimeSpan Proven => Duration - Margin;
}
