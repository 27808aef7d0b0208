namespace EmailTriage.Testing;

/// <summary>A failure <see cref="FakeGmailServer"/> answers instead of a normal response, in Google's error format.</summary>
public abstract record FakeGmailFault
{
    // Closed hierarchy: the server only knows how to apply the cases below.
    private FakeGmailFault()
    {
    }

    /// <summary>429 <c>RESOURCE_EXHAUSTED</c> (reason <c>rateLimitExceeded</c>), with <c>Retry-After</c> when given.</summary>
    public sealed record TooManyRequests(int? RetryAfterSeconds = null) : FakeGmailFault;

    /// <summary>403 with reason <c>rateLimitExceeded</c> (or <c>userRateLimitExceeded</c>): Gmail's older way of saying 429.</summary>
    public sealed record RateLimitExceeded(bool PerUser = false) : FakeGmailFault;

    /// <summary>403 with reason <c>forbidden</c>: not a rate limit, must not be retried.</summary>
    public sealed record Forbidden : FakeGmailFault;

    /// <summary>500 <c>INTERNAL</c> (reason <c>backendError</c>).</summary>
    public sealed record ServerError : FakeGmailFault;

    /// <summary>503 <c>UNAVAILABLE</c>, with <c>Retry-After</c> when given.</summary>
    public sealed record Unavailable(int? RetryAfterSeconds = null) : FakeGmailFault;

    /// <summary>
    /// For <see cref="FakeGmailCall.Batch"/>: the batch itself answers 200, but every part in it answers <paramref name="Part"/>,
    /// as Gmail does when a burst of gets trips the per-user rate limit (e.g. 429 with Retry-After on each part).
    /// </summary>
    public sealed record EveryPart(FakeGmailFault Part) : FakeGmailFault;

    /// <summary>Token endpoint only: an HTML error page with this status, as Google's front end (or a proxy) answers when the service behind it is down.</summary>
    public sealed record HtmlPage(int Status = 502) : FakeGmailFault;

    /// <summary>Token endpoint only: an OAuth error answer, e.g. <c>invalid_client</c> or <c>unauthorized_client</c>.</summary>
    public sealed record OAuthError(string Error, string Description = "", int Status = 400) : FakeGmailFault;

    /// <summary>Token endpoint only: the connection is dropped without an answer.</summary>
    public sealed record Disconnect : FakeGmailFault;

    /// <summary>Waits, then answers normally.</summary>
    public sealed record Slow(TimeSpan Delay) : FakeGmailFault;
}
