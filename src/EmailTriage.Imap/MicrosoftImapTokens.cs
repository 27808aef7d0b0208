using System.Security.Cryptography;
using System.Text;
using Azure.Core;
using Azure.Identity;
using EmailTriage.Configuration;
using EmailTriage.Mailboxes;

namespace EmailTriage.Imap;

/// <summary>
/// IMAP_AUTH=microsoft-oauth: a device-code sign-in (Azure.Identity) once, then silent refreshes from a persisted token cache.
/// The cache is the system's keyring (DPAPI, Keychain, libsecret); a plain file only with IMAP_OAUTH_UNENCRYPTED_TOKEN_CACHE.
/// Which account signed in (no secret) is kept in the state folder so the next process finds it in the cache.
/// </summary>
internal sealed class MicrosoftImapTokens(ImapOptions options, StateDirectory state, ISignInPrompt prompt) : IImapAccessTokens
{
    /// <summary>IMAP for Exchange Online; MSAL adds offline_access (the refresh token), openid and profile itself.</summary>
    public const string Scope = "https://outlook.office.com/IMAP.AccessAsUser.All";

    public string SettingsToFix => "IMAP_OAUTH_CLIENT_ID and IMAP_OAUTH_TENANT, and that the app registration has the delegated IMAP.AccessAsUser.All permission";

    private string RecordFile => Path.Combine(state.Path, $"imap-microsoft-{Hash(options.Username)}.authrecord");

    public async Task<string> GetAsync(CancellationToken cancellationToken)
    {
        var record = File.Exists(RecordFile) ? await ReadRecordAsync(cancellationToken) : null;
        var credential = new DeviceCodeCredential(new DeviceCodeCredentialOptions
        {
            ClientId = options.OAuthClientId,
            TenantId = string.IsNullOrWhiteSpace(options.OAuthTenant) ? ImapOptions.DefaultOAuthTenant : options.OAuthTenant.Trim(),
            AuthenticationRecord = record,
            DeviceCodeCallback = (code, token) => prompt.ShowAsync(code.Message, token),
            TokenCachePersistenceOptions = new TokenCachePersistenceOptions { Name = "emailtriage-imap", UnsafeAllowUnencryptedStorage = options.OAuthUnencryptedTokenCache },
        });
        var context = new TokenRequestContext([Scope]);
        try
        {
            if (record is null)
            {
                record = await credential.AuthenticateAsync(context, cancellationToken);
                await WriteRecordAsync(record, cancellationToken);
            }

            return (await credential.GetTokenAsync(context, cancellationToken)).Token;
        }
        catch (Exception ex) when (ex is AuthenticationFailedException or CredentialUnavailableException)
        {
            throw new SettingsException(Describe(ex), ex);
        }
    }

    private string Describe(Exception ex) => IsCachePersistence(ex)
        ? "The Microsoft sign-in has no keyring to keep its token cache in (on Linux: libsecret and a running keyring). Install and unlock one, " +
          "or set IMAP_OAUTH_UNENCRYPTED_TOKEN_CACHE=true to keep it in a plain file only you can read (whoever can read it can read your mail)."
        : $"The Microsoft sign-in for IMAP failed ({ex.Message}). Check {SettingsToFix}, public client flows enabled (see docs/imap_setup.md).";

    private static bool IsCachePersistence(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex.GetType().Name.Contains("Persistence", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private async Task<AuthenticationRecord> ReadRecordAsync(CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(RecordFile);
        return await AuthenticationRecord.DeserializeAsync(file, cancellationToken);
    }

    private async Task WriteRecordAsync(AuthenticationRecord record, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(state.Path);
        await using var file = File.Create(RecordFile);
        await record.SerializeAsync(file, cancellationToken);
    }

    private static string Hash(string? username) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(username?.Trim().ToLowerInvariant() ?? string.Empty)))[..16];
}
