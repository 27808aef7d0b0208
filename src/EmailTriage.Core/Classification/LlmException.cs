using EmailTriage.Errors;

namespace EmailTriage.Classification;

/// <summary>The LLM server could not classify; the message starts with the phrase users know from the troubleshooting guide.</summary>
public sealed class LlmException : Exception, IKnownFailure
{
    public LlmException(LlmFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
    }

    public LlmException()
    {
    }

    public LlmException(string message)
        : base(message)
    {
    }

    public LlmException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public LlmFailure Failure { get; } = LlmFailure.ServerError;

    public FailureKind Kind => FailureKinds.Of(Failure);

    /// <summary>The calls made for the message before and including the one that failed.</summary>
    public LlmUsage Usage { get; set; }

    /// <summary>True when going on would only hammer a server that cannot help: the run stops and leaves the rest.</summary>
    public bool StopsRun => Failure != LlmFailure.ServerError;
}
