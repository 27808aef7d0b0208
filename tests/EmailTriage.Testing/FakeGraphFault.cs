namespace EmailTriage.Testing;

/// <summary>What <see cref="FakeGraphServer"/> does instead of (or after) answering one call normally.</summary>
public abstract record FakeGraphFault
{
    // Closed hierarchy: the server only knows how to apply the cases below.
    private FakeGraphFault()
    {
    }

    /// <summary>An error answer in Graph's format (<c>{"error": {"code", "message"}}</c>), with <c>Retry-After</c> when given: 429, 503, 500, 403...</summary>
    public sealed record Status(int Code, string ErrorCode = "", int? RetryAfterSeconds = null) : FakeGraphFault;

    /// <summary>
    /// The call is carried out (a PATCH applied, a batch's parts all done), then the connection is dropped before the answer:
    /// the server did it, the client never hears. A part of a batch with this fault drops the whole batch's connection.
    /// </summary>
    public sealed record DropAfterApplying : FakeGraphFault;

    /// <summary>
    /// The call is carried out, then no answer comes until the client gives up (a process killed while it waits). The
    /// server sets <see cref="Reached"/> once it has applied the call, so a test knows when to kill.
    /// </summary>
    public sealed record HangAfterApplying(TaskCompletionSource Reached) : FakeGraphFault;

    /// <summary>Nothing is done and no answer comes until the client gives up; <see cref="Reached"/> is set on arrival.</summary>
    public sealed record HangBeforeApplying(TaskCompletionSource Reached) : FakeGraphFault;
}
