using EmailTriage.Errors;

namespace EmailTriage.Labels;

/// <summary>The label file is missing or wrong; the message names the file, the place and the fix.</summary>
public sealed class LabelConfigException : Exception, IKnownFailure
{
    public LabelConfigException(string message)
        : base(message)
    {
    }

    public LabelConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public LabelConfigException()
    {
    }

    public FailureKind Kind => FailureKind.BadConfiguration;
}
