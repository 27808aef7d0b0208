using Microsoft.Extensions.Configuration;

namespace EmailTriage.Imap;

internal sealed partial class ImapOptions
{
    public const string DefaultOAuthTenant = "common";

    /// <summary>password (the default), gmail-oauth or microsoft-oauth: see <see cref="ImapAuth"/>.</summary>
    [ConfigurationKeyName("IMAP_AUTH")]
    public string Auth { get; set; } = "password";

    /// <summary>microsoft-oauth: the application (client) id of your own Entra ID app registration.</summary>
    [ConfigurationKeyName("IMAP_OAUTH_CLIENT_ID")]
    public string? OAuthClientId { get; set; }

    /// <summary>microsoft-oauth: the directory (tenant) id or domain; common takes work, school and personal accounts.</summary>
    [ConfigurationKeyName("IMAP_OAUTH_TENANT")]
    public string OAuthTenant { get; set; } = DefaultOAuthTenant;

    /// <summary>
    /// microsoft-oauth: keep the token cache in a plain file where the system has no keyring (Linux without libsecret).
    /// Off unless the user opts in: whoever can read the file can read the mailbox.
    /// </summary>
    [ConfigurationKeyName("IMAP_OAUTH_UNENCRYPTED_TOKEN_CACHE")]
    public bool OAuthUnencryptedTokenCache { get; set; }

    public ImapAuth EffectiveAuth => ImapAuthNames.Parse(Auth) ?? ImapAuth.Password;

    /// <summary>Where OAuth access tokens come from; set by <see cref="ImapMailboxFactory"/> (not a setting).</summary>
    internal IImapAccessTokens? AccessTokens { get; set; }
}
