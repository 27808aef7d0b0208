namespace EmailTriage.Imap;

/// <summary>How the IMAP mailbox signs in (IMAP_AUTH).</summary>
internal enum ImapAuth
{
    /// <summary>IMAP_USERNAME and IMAP_PASSWORD (often an app password).</summary>
    Password,

    /// <summary>SASL XOAUTH2 with the access token of the app's own Gmail sign-in (emailtriage auth gmail).</summary>
    GmailOAuth,

    /// <summary>SASL XOAUTH2 with a Microsoft 365 / Outlook.com token from a device-code sign-in (Azure.Identity).</summary>
    MicrosoftOAuth,
}

internal static class ImapAuthNames
{
    public const string Allowed = "password, gmail-oauth or microsoft-oauth";

    public static ImapAuth? Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "password" => ImapAuth.Password,
        "gmail-oauth" => ImapAuth.GmailOAuth,
        "microsoft-oauth" => ImapAuth.MicrosoftOAuth,
        _ => null,
    };
}
