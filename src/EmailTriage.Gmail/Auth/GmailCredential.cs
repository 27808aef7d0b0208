using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Responses;
using Google.Apis.Http;

namespace EmailTriage.Gmail.Auth;

/// <summary>
/// A <see cref="UserCredential"/> (adds the bearer token, refreshes it before it expires and once on a 401) whose
/// refusals come out as <see cref="GmailSignInException"/>, which says what to do instead of "invalid_grant".
/// </summary>
public sealed class GmailCredential(UserCredential inner) : IConfigurableHttpClientInitializer, IHttpExecuteInterceptor, IHttpUnsuccessfulResponseHandler
{
    public UserCredential Inner { get; } = inner;

    public void Initialize(ConfigurableHttpClient httpClient)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        httpClient.MessageHandler.AddExecuteInterceptor(this);
        httpClient.MessageHandler.AddUnsuccessfulResponseHandler(this);
    }

    public async Task InterceptAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            await Inner.InterceptAsync(request, cancellationToken);
        }
        catch (TokenResponseException ex) when (IsRevoked(ex))
        {
            throw SignInExpired(ex);
        }
    }

    public async Task<bool> HandleResponseAsync(HandleUnsuccessfulResponseArgs args)
    {
        try
        {
            return await Inner.HandleResponseAsync(args);
        }
        catch (TokenResponseException ex) when (IsRevoked(ex))
        {
            throw SignInExpired(ex);
        }
    }

    // invalid_grant: refresh token expired or revoked; invalid_client/unauthorized_client: the OAuth client was deleted or changed.
    private static bool IsRevoked(TokenResponseException ex) =>
        ex.Error?.Error is "invalid_grant" or "invalid_client" or "unauthorized_client";

    private static GmailSignInException SignInExpired(TokenResponseException ex) =>
        new($"{GmailSignInException.ExpiredMessage} (Google said: {ex.Error?.Error}: {ex.Error?.ErrorDescription})", ex);
}
