using Azure.Core;
using Azure.Identity;
using EmailTriage.Configuration;
using EmailTriage.Mailboxes;

namespace EmailTriage.Graph.Auth;

/// <summary>
/// What Graph calls are signed with: a credential (device code, managed identity, federated app), the scopes asked for,
/// and who that is, for the mailbox's identity. Tokens are kept until shortly before they expire; a 401 asks again, with
/// the claims challenge Graph sent when it sent one (continuous access evaluation). Tokens are never logged.
/// </summary>
internal sealed class GraphAccess(TokenCredential credential, IReadOnlyList<string> scopes, string settingsToFix, Func<CancellationToken, Task<string?>>? account = null) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private AccessToken? _token;

    /// <summary>The settings and permissions a refused token points at, for the error a person sees.</summary>
    public string SettingsToFix => settingsToFix;

    public IReadOnlyList<string> Scopes => scopes;

    /// <param name="fresh">True after a 401: the kept token is not used again.</param>
    /// <param name="claims">The claims challenge of a 401's WWW-Authenticate, which makes the identity library skip its cache.</param>
    public async Task<string> TokenAsync(bool fresh, string? claims, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!fresh && _token is { } kept && kept.ExpiresOn > DateTimeOffset.UtcNow.AddMinutes(2))
            {
                return kept.Token;
            }

            _token = null;
            var token = await GetAsync(new TokenRequestContext([.. scopes], claims: claims), cancellationToken);
            _token = token;
            return token.Token;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Who is signed in (a device-code sign-in's account), or null when the settings name the mailbox instead.</summary>
    public Task<string?> AccountAsync(CancellationToken cancellationToken) =>
        account?.Invoke(cancellationToken) ?? Task.FromResult<string?>(null);

    private async Task<AccessToken> GetAsync(TokenRequestContext context, CancellationToken cancellationToken)
    {
        try
        {
            return await credential.GetTokenAsync(context, cancellationToken);
        }
        catch (Exception ex) when (ex is AuthenticationFailedException or CredentialUnavailableException)
        {
            throw Refused(ex, settingsToFix);
        }
    }

    /// <summary>
    /// A sign-in that failed, for people: no keyring for the token cache, the sign-in service out of reach (try again later),
    /// or a setting or permission to fix.
    /// </summary>
    public static Exception Refused(Exception ex, string settingsToFix)
    {
        if (IsCachePersistence(ex))
        {
            return new SettingsException(
                "The Microsoft sign-in has no keyring to keep its token cache in (on Linux: libsecret and a running keyring). Install and unlock one, " +
                "or set GRAPH_UNENCRYPTED_TOKEN_CACHE=true to keep it in a plain file only you can read (whoever can read it can read your mail).",
                ex);
        }

        if (Find<HttpRequestException>(ex) is not null)
        {
            return new MailboxUnavailableException($"The Microsoft sign-in service could not be reached ({ex.Message}). Check the network; nothing was changed, the next run tries again.", ex);
        }

        return new SettingsException($"The Microsoft sign-in for Graph failed ({ex.Message}). Check {settingsToFix} (see docs/graph_setup.md).", ex);
    }

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

    public void Dispose()
    {
        _gate.Dispose();
        (credential as IDisposable)?.Dispose();
    }

    private static T? Find<T>(Exception? ex)
        where T : Exception
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is T found)
            {
                return found;
            }
        }

        return null;
    }
}
