using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace EmailTriage.Testing;

/// <summary>
/// Google's OAuth token endpoint (refresh_token and authorization_code grants) at <see cref="TokenUrl"/>, and bearer checks on the API
/// once <see cref="RequireAccessToken"/> is set. Faults queued for <see cref="FakeGmailCall.Token"/> answer instead: an HTML page,
/// an OAuth error, a dropped connection, or a 5xx.
/// </summary>
public sealed partial class FakeGmailServer
{
    private readonly Dictionary<string, (string ClientId, string ClientSecret)> _refreshTokens = new(StringComparer.Ordinal);
    private readonly HashSet<string> _accessTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string ClientId, string ClientSecret, string RefreshToken)> _authorizationCodes = new(StringComparer.Ordinal);
    private int _nextAccessToken;

    /// <summary>When true, API calls need <c>Authorization: Bearer</c> with a token this server issued and has not expired.</summary>
    public bool RequireAccessToken { get; set; }

    /// <summary>The token endpoint, for <c>token_uri</c> in an authorized-user file.</summary>
    public Uri TokenUrl => new(BaseUrl, "token");

    /// <summary>Lets this refresh token, of this OAuth client, get access tokens.</summary>
    public void AddRefreshToken(string refreshToken, string clientId, string clientSecret)
    {
        lock (_gate)
        {
            _refreshTokens[refreshToken] = (clientId, clientSecret);
        }
    }

    /// <summary>Lets this one-time code (what the browser sign-in hands back) be exchanged for an access token and this refresh token.</summary>
    public void AddAuthorizationCode(string code, string clientId, string clientSecret, string refreshToken)
    {
        lock (_gate)
        {
            _authorizationCodes[code] = (clientId, clientSecret, refreshToken);
        }
    }

    /// <summary>What happens to a "Testing" app's refresh token after 7 days: refreshing answers invalid_grant.</summary>
    public void RevokeRefreshToken(string refreshToken)
    {
        lock (_gate)
        {
            _refreshTokens.Remove(refreshToken);
        }
    }

    /// <summary>Every access token issued so far stops working (401), as after an hour.</summary>
    public void ExpireAccessTokens()
    {
        lock (_gate)
        {
            _accessTokens.Clear();
        }
    }

    /// <summary>Adds an access token that works without a refresh, for tests that start signed in.</summary>
    public string IssueAccessToken()
    {
        lock (_gate)
        {
            var token = $"ya29.fake-{++_nextAccessToken}";
            _accessTokens.Add(token);
            return token;
        }
    }

    private bool IsAuthorized(HttpContext context)
    {
        if (!RequireAccessToken)
        {
            return true;
        }

        var header = context.Request.Headers.Authorization.ToString();
        const string bearer = "Bearer ";
        lock (_gate)
        {
            return header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase) && _accessTokens.Contains(header[bearer.Length..].Trim());
        }
    }

    private static FakeGmailResponse Unauthorized() =>
        FakeGmailResponse.Error(401, "UNAUTHENTICATED", "authError", "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.");

    private async Task HandleTokenAsync(HttpContext context)
    {
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : null;
        string Field(string name) => form?[name].ToString() ?? "";
        var grantType = Field("grant_type");
        if (await AnswerTokenFaultAsync(context, grantType))
        {
            return;
        }

        var refreshToken = Field("refresh_token");
        int status;
        JsonObject body;
        lock (_gate)
        {
            if (grantType == "authorization_code")
            {
                (status, body) = ExchangeCodeLocked(Field("code"), Field("client_id"), Field("client_secret"), Field("redirect_uri"));
            }
            else if (grantType != "refresh_token")
            {
                (status, body) = (400, TokenError("unsupported_grant_type", "Invalid grant_type: " + grantType));
            }
            else if (!_refreshTokens.TryGetValue(refreshToken, out var client))
            {
                (status, body) = (400, TokenError("invalid_grant", "Token has been expired or revoked."));
            }
            else if (client.ClientId != Field("client_id") || client.ClientSecret != Field("client_secret"))
            {
                (status, body) = (401, TokenError("invalid_client", "Unauthorized"));
            }
            else
            {
                (status, body) = (200, AccessTokenLocked());
            }
        }

        Log(FakeGmailCall.Token, "POST", "token", "", inBatch: false, $"grant_type={grantType}", status);
        await WriteTokenAnswerAsync(context, status, body);
    }

    /// <summary>Answers a fault queued for <see cref="FakeGmailCall.Token"/>, if any; true when it did.</summary>
    private async Task<bool> AnswerTokenFaultAsync(HttpContext context, string grantType)
    {
        var fault = NextFault(FakeGmailCall.Token, null);
        if (fault is FakeGmailFault.Slow slow)
        {
            using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            await Task.Delay(slow.Delay, cancellation.Token);
            return false;
        }

        if (fault is null)
        {
            return false;
        }

        var body = $"grant_type={grantType}";
        switch (fault)
        {
            case FakeGmailFault.Disconnect:
                Log(FakeGmailCall.Token, "POST", "token", "", inBatch: false, body, 0);
                context.Abort();
                return true;
            case FakeGmailFault.HtmlPage page:
                Log(FakeGmailCall.Token, "POST", "token", "", inBatch: false, body, page.Status);
                await WriteHtmlPageAsync(context, page.Status);
                return true;
            case FakeGmailFault.OAuthError error:
                Log(FakeGmailCall.Token, "POST", "token", "", inBatch: false, body, error.Status);
                await WriteTokenAnswerAsync(context, error.Status, TokenError(error.Error, error.Description));
                return true;
            default:
                // Gmail-shaped faults (500, 503, 429) answer in the token endpoint's own error format.
                var status = FakeGmailResponse.From(fault).Status;
                Log(FakeGmailCall.Token, "POST", "token", "", inBatch: false, body, status);
                await WriteTokenAnswerAsync(context, status, TokenError("internal_failure", "Backend Error"));
                return true;
        }
    }

    private static async Task WriteHtmlPageAsync(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=UTF-8";
        var reason = ReasonPhrases.GetReasonPhrase(status);
        await context.Response.WriteAsync($"<!DOCTYPE html><html><head><title>Error {status} ({reason})</title></head><body><p><b>{status}.</b> That's an error.</p></body></html>", context.RequestAborted);
    }

    private static async Task WriteTokenAnswerAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    private (int Status, JsonObject Body) ExchangeCodeLocked(string code, string clientId, string clientSecret, string redirectUri)
    {
        // Codes are single-use, as Google's are.
        if (!_authorizationCodes.Remove(code, out var grant) || redirectUri.Length == 0)
        {
            return (400, TokenError("invalid_grant", "Malformed auth code."));
        }

        if (grant.ClientId != clientId || grant.ClientSecret != clientSecret)
        {
            return (401, TokenError("invalid_client", "Unauthorized"));
        }

        _refreshTokens[grant.RefreshToken] = (clientId, clientSecret);
        var body = AccessTokenLocked();
        body["refresh_token"] = grant.RefreshToken;
        return (200, body);
    }

    private JsonObject AccessTokenLocked()
    {
        var token = $"ya29.fake-{++_nextAccessToken}";
        _accessTokens.Add(token);
        return new JsonObject
        {
            ["access_token"] = token,
            ["expires_in"] = 3599,
            ["scope"] = "https://www.googleapis.com/auth/gmail.modify",
            ["token_type"] = "Bearer",
        };
    }

    private static JsonObject TokenError(string error, string description) =>
        new() { ["error"] = error, ["error_description"] = description };
}
