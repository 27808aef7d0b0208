namespace EmailTriage.Classification;

public enum LlmFailure
{
    /// <summary>No answer at all: refused connection, DNS, TLS. Stops the run.</summary>
    Unreachable,

    /// <summary>401/403: the key is wrong. Stops the run.</summary>
    AuthenticationFailed,

    /// <summary>429 after the SDK's own retries. Stops the run.</summary>
    RateLimited,

    /// <summary>404 for the model. Stops the run.</summary>
    ModelNotFound,

    /// <summary>5xx after retries, a timeout, or an answer that is not a chat completion: this message waits.</summary>
    ServerError,
}
