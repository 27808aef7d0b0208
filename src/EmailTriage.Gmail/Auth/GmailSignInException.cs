using EmailTriage.Errors;

namespace EmailTriage.Gmail.Auth;

/// <summary>Gmail cannot be used until the user signs in again with <c>emailtriage auth gmail</c>.</summary>
internal sealed class GmailSignInException : Exception, IKnownFailure
{
    public const string ExpiredMessage =
        "Gmail sign-in expired or was revoked: run emailtriage auth gmail. " +
        "If this happens every 7 days, the OAuth app is in Google's \"Testing\" publishing status, whose refresh tokens " +
        "expire after 7 days; publish it (\"In production\") on the OAuth consent screen to stop that (see docs/gmail_setup.md).";

    public GmailSignInException(string message)
        : base(message)
    {
    }

    public GmailSignInException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public GmailSignInException()
        : base(ExpiredMessage)
    {
    }

    /// <summary>Like an unreachable server: nothing in the settings is wrong, the user signs in again.</summary>
    public FailureKind Kind => FailureKind.ServiceUnavailable;
}
