namespace EmailTriage.Imap;

/// <summary>An OAuth 2.0 access token for SASL XOAUTH2, fresh enough to sign in with now.</summary>
internal interface IImapAccessTokens
{
    /// <summary>The settings a refused token points at, for the error the user sees.</summary>
    string SettingsToFix { get; }

    Task<string> GetAsync(CancellationToken cancellationToken);
}
