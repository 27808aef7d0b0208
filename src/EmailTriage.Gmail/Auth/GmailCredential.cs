using System.Net;
using EmailTriage.Mailboxes;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Flows;
using Google.Apis.Auth.OAuth2.Responses;
using Google.Apis.Http;

namespace EmailTriage.Gmail.Auth;

/// <summary>
/// A <see cref="UserCredential"/> (adds the bearer token, refreshes it before it expires and once on a 401) whose
/// failures say what to do: a refusal comes out as <see cref="GmailSignInException"/> instead of "invalid_grant", and a
/// token endpoint that does not answer as <see cref="MailboxUnavailableException"/>, so the run stops and the next one tries again.
/// </summary>
/// <param name="tokenFile">The token file the credential came from, or null when it came from GMAIL_REFRESH_TOKEN and the client settings.</param>
internal sealed class GmailCredential(UserCredential inner, string? tokenFile = null) : IConfigurableHttpClientInitializer, IHttpExecuteInterceptor, IHttpUnsuccessfulResponseHandler
{
    public UserCredential Inner { get; } = inner;

    private string TokenUri => (Inner.Flow as AuthorizationCodeFlow)?.TokenServerUrl ?? GmailCredentialLoader.DefaultTokenUri;

    public void Initialize(ConfigurableHttpClient httpClient)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        httpClient.MessageHandler.AddExecuteInterceptor(this);
        httpClient.MessageHandler.AddUnsuccessfulResponseHandler(this);
    }

    // Both only ever call the token endpoint (the Gmail call itself happens outside them), so every failure here is its.
    public Task InterceptAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        GuardAsync(async () =>
        {
            await Inner.InterceptAsync(request, cancellationToken);
            return true;
        }, cancellationToken);

    public Task<bool> HandleResponseAsync(HandleUnsuccessfulResponseArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return GuardAsync(() => Inner.HandleResponseAsync(args), args.CancellationToken);
    }

    private async Task<T> GuardAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (TokenResponseException ex)
        {
            throw Translate(ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or Newtonsoft.Json.JsonException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw NotAnswered(ex is OperationCanceledException ? "timed out" : ex.InnerException?.Message ?? ex.Message, ex);
        }
    }

    private Exception Translate(TokenResponseException ex)
    {
        var status = (int?)ex.StatusCode;
        var error = ex.Error?.Error;
        return error switch
        {
            // The refresh token expired (a "Testing" app's after 7 days) or was revoked.
            "invalid_grant" => new GmailSignInException($"{GmailSignInException.ExpiredMessage} (Google said: {error}: {ex.Error?.ErrorDescription})", ex),

            // The OAuth client was deleted, its secret reset, or the settings name another client than the token's.
            "invalid_client" or "unauthorized_client" => new GmailSignInException(ClientRejected(error, ex.Error?.ErrorDescription), ex),

            // A 5xx, a rate limit, or an answer that is no OAuth error at all (an HTML page): Google is having a moment.
            _ when status is null or >= 500 or (int)HttpStatusCode.TooManyRequests or (int)HttpStatusCode.RequestTimeout || !IsOAuthError(error)
                => NotAnswered(status is null ? error ?? ex.Message : $"HTTP {status}{(IsErrorCode(error) ? " " + error : "")}", ex),

            _ => new GmailSignInException(
                $"Google's sign-in service at {TokenUri} refused to refresh the Gmail sign-in ({error}: {ex.Error?.ErrorDescription}). Run 'emailtriage auth gmail' to sign in again.", ex),
        };
    }

    // An OAuth error code ("temporarily_unavailable"), not Google.Apis' description of an answer it could not read.
    private static bool IsErrorCode(string? error) => !string.IsNullOrEmpty(error) && !error.Contains(' ', StringComparison.Ordinal);

    // The error codes of RFC 6749 section 5.2; anything else in "error" is not an OAuth answer.
    private static bool IsOAuthError(string? error) =>
        error is "invalid_request" or "invalid_grant" or "invalid_client" or "unauthorized_client" or "unsupported_grant_type" or "invalid_scope";

    private MailboxUnavailableException NotAnswered(string detail, Exception ex) => new(
        $"Google's sign-in service at {TokenUri} did not answer ({detail}), so the Gmail access token could not be refreshed. " +
        "Nothing was changed; the next run tries again.",
        ex);

    private string ClientRejected(string error, string? description) => tokenFile is null
        ? $"Google's sign-in service at {TokenUri} rejected the OAuth client ({error}: {description}). Check GMAIL_CLIENT_ID and GMAIL_CLIENT_SECRET " +
          "(on Azure, the Key Vault secret GMAIL-CLIENT-SECRET): they must be the client_id and client_secret of the OAuth client that issued " +
          "GMAIL_REFRESH_TOKEN, and that client must still exist in Google Cloud (APIs & Services, Credentials)."
        : $"Google's sign-in service at {TokenUri} rejected the OAuth client in {tokenFile} (GMAIL_TOKEN_FILE) ({error}: {description}). " +
          "The client was probably deleted or its secret reset in Google Cloud: download its JSON again to GMAIL_CREDENTIALS_FILE and run " +
          "'emailtriage auth gmail'. (Hosts signing in with GMAIL_REFRESH_TOKEN take the client from GMAIL_CLIENT_ID and GMAIL_CLIENT_SECRET; " +
          "on Azure, the Key Vault secret GMAIL-CLIENT-SECRET.)";
}
