using System.ClientModel;

namespace EmailTriage.Llm;

/// <summary>Which failures may be handed to another server: those where no server answered the question, so asking again bills nothing twice.</summary>
internal static class Failover
{
    public static bool MayTryElsewhere(LlmException error) => error.Failure switch
    {
        LlmFailure.Unreachable or LlmFailure.RateLimited => true,

        // A refusal of this server alone (its key, its models): another server may well serve us.
        LlmFailure.AuthenticationFailed or LlmFailure.ModelNotFound => true,
        _ => NoAnswer(error.InnerException),
    };

    /// <summary>True for a configuration refusal, which a rest does not cure by itself.</summary>
    public static bool IsRefusal(LlmException error) => error.Failure is LlmFailure.AuthenticationFailed or LlmFailure.ModelNotFound;

    // 5xx after the SDK's retries, a timeout, a dropped connection: nothing came back. A 200 that is not a chat
    // completion, or a 400, was an answer: sending it elsewhere could bill the same message twice.
    private static bool NoAnswer(Exception? cause) => cause switch
    {
        ClientResultException e => e.Status is 0 or 408 or >= 500,
        OperationCanceledException or HttpRequestException or IOException => true,
        AggregateException e => e.InnerExceptions.Count > 0 && NoAnswer(e.InnerExceptions[^1]),
        _ => false,
    };
}
