using System.Globalization;
using System.Text.Json;
using EmailTriage.Configuration;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Flows;
using Google.Apis.Auth.OAuth2.Responses;

namespace EmailTriage.Gmail.Auth;

/// <summary>
/// Signs in with what <c>emailtriage auth gmail</c> (or the Python version) stored: GMAIL_TOKEN_FILE, or for hosts
/// without a file system GMAIL_REFRESH_TOKEN, GMAIL_CLIENT_ID and GMAIL_CLIENT_SECRET.
/// </summary>
internal static class GmailCredentialLoader
{
    public const string DefaultTokenUri = "https://oauth2.googleapis.com/token";

    // An access token this close to expiry is refreshed before the first call instead of failing half-way.
    private static readonly TimeSpan ExpiryMargin = TimeSpan.FromMinutes(1);

    public static async Task<GmailCredential> LoadAsync(GmailOptions options, AppPaths paths, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(time);
        if (!string.IsNullOrWhiteSpace(options.RefreshToken))
        {
            var fromSettings = new AuthorizedUserFile
            {
                RefreshToken = options.RefreshToken.Trim(),
                ClientId = options.ClientId?.Trim(),
                ClientSecret = options.ClientSecret?.Trim(),
                TokenUri = options.TokenUri?.Trim(),
            };
            return new GmailCredential(Create(ValidatedSettings(fromSettings), time), tokenFile: null);
        }

        var path = paths.Resolve(options.TokenFile);
        var file = await ReadAsync(path, cancellationToken);
        return new GmailCredential(Create(Validated(file, $"GMAIL_TOKEN_FILE {path}"), time), path);
    }

    public static async Task<AuthorizedUserFile> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new SettingsException(
                $"Gmail token file {path} (GMAIL_TOKEN_FILE) does not exist. Run 'emailtriage auth gmail' to sign in and create it; " +
                "that needs GMAIL_CREDENTIALS_FILE, the OAuth client JSON downloaded from Google Cloud (see docs/gmail_setup.md).");
        }

        try
        {
            await using var stream = File.OpenRead(path);
            return await JsonSerializer.DeserializeAsync(stream, AuthorizedUserFileJsonContext.Default.AuthorizedUserFile, cancellationToken)
                ?? throw new SettingsException($"Gmail token file {path} (GMAIL_TOKEN_FILE) is empty. Run 'emailtriage auth gmail' to sign in again.");
        }
        catch (JsonException ex)
        {
            throw new SettingsException($"Gmail token file {path} (GMAIL_TOKEN_FILE) is not JSON: {ex.Message} Run 'emailtriage auth gmail' to sign in again.", ex);
        }
    }

    /// <summary>A credential that refreshes against the file's <c>token_uri</c> and starts with its access token while that is fresh.</summary>
    public static UserCredential Create(AuthorizedUserFile user, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(time);
        var tokenUri = string.IsNullOrWhiteSpace(user.TokenUri) ? DefaultTokenUri : user.TokenUri;
        // The generic flow, because only it takes a token endpoint other than Google's (tests, proxies, old files).
        var flow = new AuthorizationCodeFlow(new AuthorizationCodeFlow.Initializer(GoogleAuthConsts.OidcAuthorizationUrl, tokenUri)
        {
            ClientSecrets = new ClientSecrets { ClientId = user.ClientId, ClientSecret = user.ClientSecret },
            Scopes = [GmailScopes.Modify],
        });

        var now = time.GetUtcNow();
        var token = new TokenResponse { RefreshToken = user.RefreshToken, IssuedUtc = now.UtcDateTime };
        if (!string.IsNullOrEmpty(user.Token) && Expiry(user.Expiry) is { } expiry && expiry - now > ExpiryMargin)
        {
            token.AccessToken = user.Token;
            token.ExpiresInSeconds = (long)(expiry - now).TotalSeconds;
        }

        return new UserCredential(flow, "user", token);
    }

    // The token file advice ("run auth gmail") does not help a host that has no file: name the settings instead.
    private static AuthorizedUserFile ValidatedSettings(AuthorizedUserFile user)
    {
        var missing = new[] { ("GMAIL_CLIENT_ID", user.ClientId), ("GMAIL_CLIENT_SECRET", user.ClientSecret) }
            .Where(f => string.IsNullOrWhiteSpace(f.Item2))
            .Select(f => f.Item1)
            .ToList();
        if (missing.Count > 0)
        {
            throw new SettingsException(
                $"GMAIL_REFRESH_TOKEN is set, but {string.Join(" and ", missing)} {(missing.Count == 1 ? "is" : "are")} not. Set GMAIL_CLIENT_ID and " +
                "GMAIL_CLIENT_SECRET to the client_id and client_secret of the OAuth client the refresh token was issued to (they are in the token " +
                "file 'emailtriage auth gmail' wrote; on Azure, GMAIL_CLIENT_SECRET comes from the Key Vault secret GMAIL-CLIENT-SECRET), " +
                "or remove GMAIL_REFRESH_TOKEN to sign in with GMAIL_TOKEN_FILE.");
        }

        if (!string.IsNullOrWhiteSpace(user.TokenUri) && !Uri.TryCreate(user.TokenUri, UriKind.Absolute, out _))
        {
            throw new SettingsException($"GMAIL_TOKEN_URI '{user.TokenUri}' is not a URL. Remove the setting to use {DefaultTokenUri}.");
        }

        return user;
    }

    private static AuthorizedUserFile Validated(AuthorizedUserFile user, string source)
    {
        var missing = new[] { ("refresh_token", user.RefreshToken), ("client_id", user.ClientId), ("client_secret", user.ClientSecret) }
            .Where(f => string.IsNullOrWhiteSpace(f.Item2))
            .Select(f => f.Item1)
            .ToList();
        if (missing.Count > 0)
        {
            throw new SettingsException(
                $"{source} must give {string.Join(", ", missing)} for Gmail. Run 'emailtriage auth gmail' to sign in again and write a complete token file.");
        }

        if (!string.IsNullOrWhiteSpace(user.TokenUri) && !Uri.TryCreate(user.TokenUri, UriKind.Absolute, out _))
        {
            throw new SettingsException($"{source}: token_uri '{user.TokenUri}' is not a URL. Remove it to use {DefaultTokenUri}.");
        }

        return user;
    }

    private static DateTimeOffset? Expiry(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var expiry)
            ? expiry
            : null;
}
