using System.Collections.Concurrent;
using Azure.Core;
using Azure.Identity;
using EmailTriage.Configuration;
using EmailTriage.Mailboxes;

namespace EmailTriage.Graph.Auth;

/// <summary>
/// The credential of each sign-in mode, one per mailbox settings per process, so a process signs in once:
/// <list type="bullet">
/// <item>device-code: <see cref="GraphDeviceCode"/>.</item>
/// <item>managed-identity: the app's own identity (the user-assigned one AZURE_CLIENT_ID names, else the system-assigned one).</item>
/// <item>app-registration: the app registration GRAPH_CLIENT_ID in GRAPH_TENANT, proving itself with a token of the managed
/// identity that its federated credential trusts (workload identity federation): no client secret or certificate exists.</item>
/// </list>
/// </summary>
internal sealed class GraphSignIns(StateDirectory state, ISignInPrompt prompt) : IGraphSignIns, IDisposable
{
    /// <summary>What Entra ID's token exchange takes as the audience of a managed identity's assertion.</summary>
    private const string TokenExchangeScope = "api://AzureADTokenExchange/.default";

    private readonly ConcurrentDictionary<string, GraphAccess> _made = new(StringComparer.OrdinalIgnoreCase);

    public GraphAccess For(GraphOptions options, bool interactive)
    {
        ArgumentNullException.ThrowIfNull(options);
        var key = $"{options.EffectiveAuth}|{options.ClientId}|{options.EffectiveTenant}|{options.EffectiveUser}|{options.EffectiveLabelMode}|{interactive}";
        return _made.GetOrAdd(key, _ => Create(options, interactive));
    }

    public bool HasSignIn(GraphOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.EffectiveAuth != GraphAuth.DeviceCode)
        {
            return true;
        }

        using var deviceCode = DeviceCode(options, interactive: false);
        return deviceCode.HasSignIn;
    }

    /// <summary>The device-code sign-in of these settings (<c>auth graph</c> uses it with the terminal as the prompt).</summary>
    public GraphDeviceCode DeviceCode(GraphOptions options, bool interactive, Func<string, CancellationToken, Task>? show = null) =>
        new(options, state, show ?? prompt.ShowAsync, interactive);

    private GraphAccess Create(GraphOptions options, bool interactive)
    {
        var scopes = GraphScopes.For(options);
        string? user = options.IsAppOnly ? options.EffectiveUser : null;
        Task<string?> Named(CancellationToken _) => Task.FromResult(user);
        return options.EffectiveAuth switch
        {
            GraphAuth.ManagedIdentity => new GraphAccess(
                new ManagedIdentityCredential(Identity(options)),
                scopes,
                "that the app's managed identity has the application permission Mail.ReadWrite on Microsoft Graph (or an Exchange Online RBAC role for applications) for GRAPH_USER",
                Named),
            GraphAuth.AppRegistration => new GraphAccess(
                new ClientAssertionCredential(options.EffectiveTenant, options.ClientId!.Trim(), AssertionFor(options)),
                scopes,
                "GRAPH_CLIENT_ID and GRAPH_TENANT, that the app registration has the application permission Mail.ReadWrite with admin consent in that tenant, and a federated credential trusting the app's managed identity",
                Named),
            _ => DeviceCode(options, interactive).Access(scopes),
        };
    }

    private static ManagedIdentityId Identity(GraphOptions options) =>
        string.IsNullOrWhiteSpace(options.ManagedIdentityClientId) ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(options.ManagedIdentityClientId.Trim());

    private static Func<CancellationToken, Task<string>> AssertionFor(GraphOptions options)
    {
        var identity = new ManagedIdentityCredential(Identity(options));
        return async cancellationToken => (await identity.GetTokenAsync(new TokenRequestContext([TokenExchangeScope]), cancellationToken)).Token;
    }

    public void Dispose()
    {
        foreach (var access in _made.Values)
        {
            access.Dispose();
        }
    }
}
