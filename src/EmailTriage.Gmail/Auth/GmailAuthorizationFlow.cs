using Google.Apis.Auth.OAuth2.Flows;
using Google.Apis.Auth.OAuth2.Requests;

namespace EmailTriage.Gmail.Auth;

/// <summary>
/// The authorization code flow against the endpoints the client file names, asking Google for offline access
/// (a refresh token) and for consent every time, without which a second sign-in returns no refresh token.
/// </summary>
internal sealed class GmailAuthorizationFlow(AuthorizationCodeFlow.Initializer initializer) : AuthorizationCodeFlow(initializer)
{
    public override AuthorizationCodeRequestUrl CreateAuthorizationCodeRequest(string redirectUri) =>
        new GoogleAuthorizationCodeRequestUrl(new Uri(AuthorizationServerUrl))
        {
            ClientId = ClientSecrets.ClientId,
            Scope = string.Join(' ', Scopes),
            RedirectUri = redirectUri,
            AccessType = "offline",
            Prompt = "consent",
        };
}
