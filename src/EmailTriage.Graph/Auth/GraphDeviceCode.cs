using System.Security.Cryptography;
using System.Text;
using Azure.Core;
using Azure.Identity;
using EmailTriage.Configuration;
using EmailTriage.Mailboxes;

namespace EmailTriage.Graph.Auth;

/// <summary>
/// GRAPH_AUTH=device-code: a person signs in once with a device code (Azure.Identity), then runs refresh silently from a
/// persisted token cache: the system's keyring (Keychain, DPAPI, libsecret), a plain file only with
/// GRAPH_UNENCRYPTED_TOKEN_CACHE. Which account signed in (no secret) is kept in the state folder so the next process
/// finds it in the cache. Runs that may not prompt (check, hosts without a person) say to run <c>auth graph</c> instead.
/// </summary>
internal sealed class GraphDeviceCode(GraphOptions options, StateDirectory state, Func<string, CancellationToken, Task> prompt, bool interactive) : TokenCredential, IDisposable
{
    public const string CacheName = "emailtriage-graph";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private AuthenticationRecord? _record;
    private DeviceCodeCredential? _credential;

    public const string SettingsToFix = "GRAPH_CLIENT_ID and GRAPH_TENANT, that the app registration allows public client flows and has the delegated permission Mail.ReadWrite";

    /// <summary>The sign-in's account file: one per app registration, tenant and GRAPH_USER, so two accounts keep two sign-ins.</summary>
    public string RecordFile => Path.Combine(state.Path, $"graph-{Hash($"{options.ClientId?.Trim()}|{options.EffectiveTenant}|{options.EffectiveUser}")}.authrecord");

    public bool HasSignIn => File.Exists(RecordFile);

    public GraphAccess Access(IReadOnlyList<string> scopes) => new(this, scopes, SettingsToFix, AccountAsync);

    /// <summary>Signs in with a device code now (<c>auth graph</c>), whether or not a sign-in is kept; answers the account.</summary>
    public async Task<string> SignInAsync(IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _record = null;
            _credential = null;
            await AuthenticateAsync(new TokenRequestContext([.. scopes]), cancellationToken);
            return _record!.Username;
        }
        finally
        {
            _gate.Release();
        }
    }

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        GetTokenAsync(requestContext, cancellationToken).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        var credential = await SignedInAsync(requestContext, cancellationToken);
        return await credential.GetTokenAsync(requestContext, cancellationToken);
    }

    private async Task<string?> AccountAsync(CancellationToken cancellationToken)
    {
        await SignedInAsync(new TokenRequestContext([.. GraphScopes.For(options)]), cancellationToken);
        return _record?.Username;
    }

    private async Task<DeviceCodeCredential> SignedInAsync(TokenRequestContext context, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_credential is not null)
            {
                return _credential;
            }

            if (File.Exists(RecordFile))
            {
                await using var file = File.OpenRead(RecordFile);
                _record = await AuthenticationRecord.DeserializeAsync(file, cancellationToken);
                return _credential = Create(_record);
            }

            if (!interactive)
            {
                throw new SettingsException($"The Graph mailbox has no sign-in yet ({RecordFile} does not exist). Run 'emailtriage auth graph' on this machine (see docs/graph_setup.md).");
            }

            return await AuthenticateAsync(context, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<DeviceCodeCredential> AuthenticateAsync(TokenRequestContext context, CancellationToken cancellationToken)
    {
        var credential = Create(record: null);
        try
        {
            _record = await credential.AuthenticateAsync(context, cancellationToken);
        }
        catch (Exception ex) when (ex is AuthenticationFailedException or CredentialUnavailableException)
        {
            throw GraphAccess.Refused(ex, SettingsToFix);
        }

        Directory.CreateDirectory(state.Path);
        await using (var file = File.Create(RecordFile))
        {
            await _record.SerializeAsync(file, cancellationToken);
        }

        return _credential = credential;
    }

    private DeviceCodeCredential Create(AuthenticationRecord? record) => new(new DeviceCodeCredentialOptions
    {
        ClientId = options.ClientId?.Trim(),
        TenantId = options.EffectiveTenant,
        AuthenticationRecord = record,

        // Without a person to read a code (check, a host's run) a lost sign-in is an error that says what to run, not a wait.
        DisableAutomaticAuthentication = !interactive,
        DeviceCodeCallback = (code, token) => prompt(code.Message, token),
        TokenCachePersistenceOptions = new TokenCachePersistenceOptions { Name = CacheName, UnsafeAllowUnencryptedStorage = options.UnencryptedTokenCache },
    });

    private static string Hash(string value) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value.ToLowerInvariant())))[..16];

    public void Dispose() => _gate.Dispose();
}
