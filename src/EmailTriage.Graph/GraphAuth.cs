namespace EmailTriage.Graph;

/// <summary>How the Graph mailbox signs in (GRAPH_AUTH).</summary>
internal enum GraphAuth
{
    /// <summary>A person signs in once with a device code (delegated Mail.ReadWrite); later runs refresh from the token cache.</summary>
    DeviceCode,

    /// <summary>The Azure app's own managed identity, with the application permission Mail.ReadWrite (or an Exchange RBAC role).</summary>
    ManagedIdentity,

    /// <summary>
    /// An app registration with application permissions, signed in with a federated credential that trusts the app's managed
    /// identity (workload identity federation): no secret anywhere. For a Microsoft 365 tenant other than the app's own.
    /// </summary>
    AppRegistration,
}

internal static class GraphAuthNames
{
    public const string Allowed = "device-code, managed-identity or app-registration";

    public static GraphAuth? Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "device-code" or "devicecode" => GraphAuth.DeviceCode,
        "managed-identity" or "managedidentity" => GraphAuth.ManagedIdentity,
        "app-registration" or "appregistration" => GraphAuth.AppRegistration,
        _ => null,
    };

    public static string Name(GraphAuth auth) => auth switch
    {
        GraphAuth.ManagedIdentity => "managed-identity",
        GraphAuth.AppRegistration => "app-registration",
        _ => "device-code",
    };
}
