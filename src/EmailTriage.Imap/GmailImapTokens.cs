using EmailTriage.Configuration;
using EmailTriage.Gmail;
using EmailTriage.Gmail.Auth;

namespace EmailTriage.Imap;

/// <summary>IMAP_AUTH=gmail-oauth: the token of <c>emailtriage auth gmail --imap</c> (scope https://mail.google.com/).</summary>
internal sealed class GmailImapTokens(GmailOptions gmail, AppPaths paths, TimeProvider time) : IImapAccessTokens
{
    public string SettingsToFix => "the Gmail sign-in: run 'emailtriage auth gmail --imap' so it includes the scope https://mail.google.com/ Gmail needs for IMAP";

    public Task<string> GetAsync(CancellationToken cancellationToken) => GmailAccessToken.GetAsync(gmail, paths, time, cancellationToken);
}
