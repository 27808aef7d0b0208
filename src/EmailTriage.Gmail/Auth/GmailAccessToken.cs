using EmailTriage.Configuration;
using Google.Apis.Auth.OAuth2.Responses;

namespace EmailTriage.Gmail.Auth;

/// <summary>A fresh access token of the app's own Gmail sign-in, for other protocols (IMAP XOAUTH2) on the same account.</summary>
internal static class GmailAccessToken
{
    public static async Task<string> GetAsync(GmailOptions options, AppPaths paths, TimeProvider time, CancellationToken cancellationToken)
    {
        var credential = await GmailCredentialLoader.LoadAsync(options, paths, time, cancellationToken);
        try
        {
            return await credential.Inner.GetAccessTokenForRequestAsync(cancellationToken: cancellationToken);
        }
        catch (TokenResponseException ex)
        {
            throw new SettingsException(
                $"Google refused to refresh the Gmail sign-in ({ex.Error?.Error ?? ex.Message}). Run 'emailtriage auth gmail --imap' again " +
                "(apps in Testing status lose their refresh token after 7 days), or fix GMAIL_TOKEN_FILE / GMAIL_REFRESH_TOKEN.", ex);
        }
    }
}
