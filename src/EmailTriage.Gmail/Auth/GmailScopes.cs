namespace EmailTriage.Gmail.Auth;

internal static class GmailScopes
{
    /// <summary>Read messages and change their labels; nothing is ever deleted or sent, so nothing more is asked.</summary>
    public const string Modify = "https://www.googleapis.com/auth/gmail.modify";

    /// <summary>Full mail access: the only scope Gmail accepts for IMAP (XOAUTH2); asked for only with auth gmail --imap.</summary>
    public const string Mail = "https://mail.google.com/";
}
