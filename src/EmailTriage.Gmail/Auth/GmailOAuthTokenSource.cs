using EmailTriage.Configuration;
using EmailTriage.Mailboxes;
using Microsoft.Extensions.Options;

namespace EmailTriage.Gmail.Auth;

/// <summary>The app's own Gmail sign-in (GMAIL_TOKEN_FILE or GMAIL_REFRESH_TOKEN), offered to IMAP's <c>IMAP_AUTH=gmail-oauth</c>.</summary>
internal sealed class GmailOAuthTokenSource(IOptions<GmailOptions> options, AppPaths paths, TimeProvider time) : IOAuthTokenSource
{
    public string Name => "gmail";

    public string SettingsToFix => "the Gmail sign-in: run 'emailtriage auth gmail --imap' so it includes the scope https://mail.google.com/ Gmail needs for IMAP";

    public Task<string> GetAccessTokenAsync(CancellationToken cancellationToken) => GmailAccessToken.GetAsync(options.Value, paths, time, cancellationToken);
}
