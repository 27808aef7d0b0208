namespace EmailTriage.Infrastructure.Tests.Support;

/// <summary>How the compiled modules refer to the app's user-assigned identity.</summary>
public static class Identity
{
    public const string ResourceId = "resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', parameters('identityName'))";
}
