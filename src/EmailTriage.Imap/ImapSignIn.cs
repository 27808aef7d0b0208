using MailKit.Net.Imap;
using MailKit.Security;

namespace EmailTriage.Imap;

/// <summary>Signs in with a password, or with SASL XOAUTH2 and an access token; tokens are never logged.</summary>
internal static class ImapSignIn
{
    public static async Task AuthenticateAsync(ImapClient client, ImapOptions options, CancellationToken cancellationToken)
    {
        if (options.EffectiveAuth == ImapAuth.Password)
        {
            await client.AuthenticateAsync(options.Username ?? string.Empty, options.Password ?? string.Empty, cancellationToken);
            return;
        }

        var tokens = options.AccessTokens ?? throw new InvalidOperationException("IMAP_AUTH is OAuth but no token source was set up.");
        var token = await tokens.GetAsync(cancellationToken);
        await client.AuthenticateAsync(new SaslMechanismOAuth2(options.Username ?? string.Empty, token), cancellationToken);
    }

    /// <summary>What to fix when the server said no: the password, or the OAuth sign-in.</summary>
    public static string Refused(ImapOptions options, string where, string reason) => options.EffectiveAuth == ImapAuth.Password
        ? $"The IMAP server {where} refused the sign-in of IMAP_USERNAME '{options.Username}' ({reason}). Check IMAP_USERNAME and " +
          "IMAP_PASSWORD; iCloud, Fastmail, Yahoo and Gmail need an app password, not the account's own (see docs/imap_setup.md)."
        : $"The IMAP server {where} refused the OAuth token (IMAP_AUTH {options.Auth}) for IMAP_USERNAME '{options.Username}' ({reason}). " +
          $"IMAP_USERNAME must be the signed-in account's address; check {options.AccessTokens?.SettingsToFix ?? "IMAP_AUTH"} (see docs/imap_setup.md).";
}
