namespace EmailTriage.Mailboxes;

/// <summary>
/// An OAuth 2.0 access token one mailbox kind keeps and another can sign in with: Gmail's own sign-in, for an IMAP
/// account with <c>IMAP_AUTH=gmail-oauth</c>. Each adapter registers what it offers; none references another.
/// </summary>
public interface IOAuthTokenSource
{
    /// <summary>Whose sign-in it is: "gmail".</summary>
    string Name { get; }

    /// <summary>What to do when the token is refused, for the error a person sees.</summary>
    string SettingsToFix { get; }

    Task<string> GetAccessTokenAsync(CancellationToken cancellationToken);
}
