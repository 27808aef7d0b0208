using EmailTriage.Infrastructure.Tests.Support;

namespace EmailTriage.Infrastructure.Tests.Core;

/// <summary>infra/core/keyvault.bicep.</summary>
public sealed class KeyVaultTests(CompiledTemplate template)
{
    private ArmResource Vault => template.Arm.Resource("Microsoft.KeyVault/vaults");

    [Fact]
    public void Authorizes_with_Azure_RBAC_rather_than_access_policies()
    {
        Assert.True(Vault.Flag("properties.enableRbacAuthorization"));
        Assert.Null(Vault.At("properties.accessPolicies"));
    }

    [Fact]
    public void Keeps_deleted_secrets_recoverable()
    {
        Assert.True(Vault.Flag("properties.enableSoftDelete"));
        Assert.InRange(int.Parse(Vault.Resolve("properties.softDeleteRetentionInDays")!, System.Globalization.CultureInfo.InvariantCulture), 7, 90);
    }

    [Fact]
    public void Creates_no_secret_so_a_redeploy_never_overwrites_what_the_user_stored()
    {
        Assert.Empty(template.Arm.Resources("Microsoft.KeyVault/vaults/secrets"));
    }
}
