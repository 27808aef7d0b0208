using EmailTriage.Errors;

namespace EmailTriage.Configuration;

/// <summary>A setting or settings file is missing or wrong; the message names it and says how to fix it.</summary>
public sealed class SettingsException : Exception, IKnownFailure
{
    public SettingsException(string message)
        : base(message)
    {
    }

    public SettingsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SettingsException()
    {
    }

    public FailureKind Kind => FailureKind.BadConfiguration;
}
