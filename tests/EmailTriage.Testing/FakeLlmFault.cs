namespace EmailTriage.Testing;

/// <summary>A failure <see cref="FakeLlmServer"/> produces instead of (or before) a normal answer.</summary>
public abstract record FakeLlmFault
{
    // Closed hierarchy: the server only knows how to apply the cases below.
    private FakeLlmFault()
    {
    }

    /// <summary>401 with code <c>invalid_api_key</c>.</summary>
    public sealed record Unauthorized : FakeLlmFault;

    /// <summary>404 with code <c>model_not_found</c>.</summary>
    public sealed record ModelNotFound : FakeLlmFault;

    /// <summary>429 with code <c>rate_limit_exceeded</c> and a <c>Retry-After</c> header.</summary>
    public sealed record RateLimited(int RetryAfterSeconds) : FakeLlmFault;

    /// <summary>500 with type <c>server_error</c>.</summary>
    public sealed record ServerError : FakeLlmFault;

    /// <summary>Waits <paramref name="Delay"/> (on top of <see cref="FakeLlmServer.Latency"/>), then answers normally.</summary>
    public sealed record Slow(TimeSpan Delay) : FakeLlmFault;

    /// <summary>200 whose body is not JSON.</summary>
    public sealed record Garbage : FakeLlmFault;

    /// <summary>400 with type <c>invalid_request_error</c>.</summary>
    public sealed record BadRequest(string Message) : FakeLlmFault;

    /// <summary>Aborts the connection without sending any response.</summary>
    public sealed record Disconnect : FakeLlmFault;
}
