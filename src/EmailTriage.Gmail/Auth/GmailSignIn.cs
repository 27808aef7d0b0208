using System.Globalization;
using System.Text.Json;
using EmailTriage.Configuration;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Flows;
using Google.Apis.Util.Store;

namespace EmailTriage.Gmail.Auth;

/// <summary>
/// <c>emailtriage auth gmail</c>: the browser sign-in with the OAuth client from GMAIL_CREDENTIALS_FILE, asking only
/// for gmail.modify, then GMAIL_TOKEN_FILE written in google-auth's "authorized user" format.
/// </summary>
public sealed class GmailSignIn(GmailOptions options, AppPaths paths, TimeProvider time)
{
    /// <summary>Also ask for https://mail.google.com/, which Gmail requires for IMAP_AUTH=gmail-oauth.</summary>
    public bool ForImap { get; init; }

    private string[] RequestedScopes => ForImap ? [GmailScopes.Modify, GmailScopes.Mail] : [GmailScopes.Modify];

    private const string DefaultAuthUri = "https://accounts.google.com/o/oauth2/auth";

    /// <summary>Signs in through <paramref name="receiver"/> (a <see cref="LocalServerCodeReceiver"/> for people) and answers the token file written.</summary>
    public async Task<string> RunAsync(ICodeReceiver receiver, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        var client = await ReadClientAsync(cancellationToken);
        var tokenUri = string.IsNullOrWhiteSpace(client.TokenUri) ? GmailCredentialLoader.DefaultTokenUri : client.TokenUri;
        using var flow = new GmailAuthorizationFlow(new AuthorizationCodeFlow.Initializer(string.IsNullOrWhiteSpace(client.AuthUri) ? DefaultAuthUri : client.AuthUri, tokenUri)
        {
            ClientSecrets = new ClientSecrets { ClientId = client.ClientId, ClientSecret = client.ClientSecret },
            Scopes = RequestedScopes,

            // Nothing is kept in Google.Apis' own store: the token file below is the only copy.
            DataStore = new NullDataStore(),
        });

        var credential = await new AuthorizationCodeInstalledApp(flow, receiver).AuthorizeAsync("user", cancellationToken);
        var token = credential.Token;
        if (string.IsNullOrEmpty(token.RefreshToken))
        {
            throw new GmailSignInException(
                "Google signed you in but sent no refresh token, so the next run could not sign in by itself. " +
                "Remove EmailTriage under https://myaccount.google.com/permissions and run emailtriage auth gmail again.");
        }

        var expiry = token.ExpiresInSeconds is { } seconds ? time.GetUtcNow().AddSeconds(seconds) : (DateTimeOffset?)null;
        var file = new AuthorizedUserFile
        {
            Token = token.AccessToken,
            RefreshToken = token.RefreshToken,
            TokenUri = tokenUri,
            ClientId = client.ClientId,
            ClientSecret = client.ClientSecret,
            Scopes = RequestedScopes,
            UniverseDomain = "googleapis.com",
            Account = "",

            // The way google-auth writes it, so the Python version can read the file too.
            Expiry = expiry?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
        };
        var path = paths.Resolve(options.TokenFile);
        await WriteAsync(path, file, cancellationToken);
        return path;
    }

    private async Task<OAuthClient> ReadClientAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.CredentialsFile))
        {
            throw new SettingsException(
                "GMAIL_CREDENTIALS_FILE must not be empty to sign in to Gmail: it names the OAuth client JSON (\"Desktop app\") downloaded from Google Cloud. " +
                $"Remove the setting to use {GmailOptions.DefaultCredentialsFile} (see docs/gmail_setup.md).");
        }

        var path = paths.Resolve(options.CredentialsFile);
        if (!File.Exists(path))
        {
            throw new SettingsException(
                $"OAuth client file {path} (GMAIL_CREDENTIALS_FILE) does not exist. Download the \"Desktop app\" client's JSON from Google Cloud, " +
                $"APIs & Services, Credentials, and save it there (by default {GmailOptions.DefaultCredentialsFile}; see docs/gmail_setup.md).");
        }

        OAuthClientFile? file;
        try
        {
            await using var stream = File.OpenRead(path);
            file = await JsonSerializer.DeserializeAsync(stream, OAuthClientFileJsonContext.Default.OAuthClientFile, cancellationToken);
        }
        catch (JsonException ex)
        {
            throw new SettingsException($"OAuth client file {path} (GMAIL_CREDENTIALS_FILE) is not JSON: {ex.Message} Download it again from Google Cloud.", ex);
        }

        var client = file?.Installed ?? file?.Web;
        return client is { ClientId.Length: > 0, ClientSecret.Length: > 0 }
            ? client
            : throw new SettingsException($"OAuth client file {path} (GMAIL_CREDENTIALS_FILE) has no \"installed\" client with client_id and client_secret. Create a \"Desktop app\" OAuth client and download its JSON.");
    }

    private static async Task WriteAsync(string path, AuthorizedUserFile file, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        var streamOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // The refresh token is a password to the mailbox.
            streamOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var stream = new FileStream(temporary, streamOptions))
        {
            await JsonSerializer.SerializeAsync(stream, file, AuthorizedUserFileJsonContext.Default.AuthorizedUserFile, cancellationToken);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
