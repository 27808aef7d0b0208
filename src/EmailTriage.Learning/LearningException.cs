using EmailTriage.Errors;

namespace EmailTriage.Learning;

/// <summary>Learning cannot go on (too little mail, a model for another label set, an unreadable model file); the message says what to do.</summary>
internal sealed class LearningException(string message, Exception? innerException = null)
    : Exception(message, innerException), IKnownFailure
{
    public FailureKind Kind => FailureKind.BadConfiguration;
}
