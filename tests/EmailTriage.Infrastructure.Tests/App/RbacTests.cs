using EmailTriage.Infrastructure.Tests.Support;

namespace EmailTriage.Infrastructure.Tests.App;

/// <summary>infra/app/rbac.bicep: what the app's identity may do, and where.</summary>
public sealed class RbacTests(CompiledTemplate template)
{
    private IReadOnlyList<ArmResource> Assignments => template.Arm.Resources("Microsoft.Authorization/roleAssignments");

    [Theory]
    [InlineData("b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Microsoft.Storage/storageAccounts", "storageAccountName")] // Storage Blob Data Owner
    [InlineData("0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "Microsoft.Storage/storageAccounts", "storageAccountName")] // Storage Table Data Contributor
    [InlineData("974c5e8b-45b9-4653-ba55-5f855dd0fb88", "Microsoft.Storage/storageAccounts", "storageAccountName")] // Storage Queue Data Contributor
    [InlineData("4633458b-17de-408a-b874-0445c86b69e6", "Microsoft.KeyVault/vaults", "keyVaultName")] // Key Vault Secrets User
    [InlineData("3913510d-42f4-4e42-8a64-420c390055eb", "Microsoft.Insights/components", "applicationInsightsName")] // Monitoring Metrics Publisher
    public void Grants_the_app_identity_a_role_on_one_resource(string role, string resourceType, string nameParameter)
    {
        var assignment = Assert.Single(Assignments, a => a.Resolve("properties.roleDefinitionId") == RoleDefinition(role));

        Assert.Equal($"[resourceId('{resourceType}', parameters('{nameParameter}'))]", assignment.Resolve("scope"));
        Assert.Equal($"[reference({Identity.ResourceId}, '2024-11-30').principalId]", assignment.Resolve("properties.principalId"));
        Assert.Equal("ServicePrincipal", assignment.Resolve("properties.principalType"));
        Assert.Null(assignment.At("condition"));
    }

    [Fact]
    public void Lets_the_app_identity_read_write_and_create_its_state_blobs()
    {
        // Storage Blob Data Owner includes everything Storage Blob Data Contributor (ba92f5b4-...) grants.
        var blobRoles = Assignments.Where(a => a.Resolve("properties.roleDefinitionId") is { } role
            && (role == RoleDefinition("b7e6dc6d-f1e8-4753-8033-0f276bb0955b") || role == RoleDefinition("ba92f5b4-2d11-453d-a403-e96b0029c9fe")));

        var assignment = Assert.Single(blobRoles);
        Assert.Equal("[resourceId('Microsoft.Storage/storageAccounts', parameters('storageAccountName'))]", assignment.Resolve("scope"));
        Assert.Equal($"[reference({Identity.ResourceId}, '2024-11-30').principalId]", assignment.Resolve("properties.principalId"));
    }

    [Fact]
    public void Grants_roles_to_the_identity_the_function_app_runs_as()
    {
        var rbac = template.Arm.Module("rbac");

        Assert.Equal(template.Arm.Module("function").Argument("identityName"), rbac.Argument("identityName"));
        Assert.Equal(template.Arm.Module("function").Argument("storageAccountName"), rbac.Argument("storageAccountName"));
        Assert.Equal(template.Arm.Module("function").Argument("keyVaultName"), rbac.Argument("keyVaultName"));
        Assert.Equal(template.Arm.Module("function").Argument("applicationInsightsName"), rbac.Argument("applicationInsightsName"));
    }

    [Fact]
    public void Lets_the_deploying_user_store_secrets_only_when_azd_names_them()
    {
        var officer = Assert.Single(Assignments, a => a.Resolve("properties.roleDefinitionId") == RoleDefinition("b86a8fe4-44ce-4948-aee5-eccb2c155cd7"));

        Assert.Equal("[not(empty(parameters('userPrincipalId')))]", officer.Resolve("condition"));
        Assert.Equal("[parameters('userPrincipalId')]", (string?)officer.At("properties.principalId"));
        Assert.Equal("[resourceId('Microsoft.KeyVault/vaults', parameters('keyVaultName'))]", officer.Resolve("scope"));
        Assert.Equal("[parameters('principalId')]", template.Arm.Module("rbac").ArgumentExpression("userPrincipalId"));
        Assert.Equal("", template.Arm.Main.Resolve(template.Arm.Main.Parameters["principalId"]["defaultValue"]));
    }

    [Fact]
    public void Grants_nothing_at_resource_group_or_subscription_scope()
    {
        Assert.Equal(6, Assignments.Count);
        Assert.All(Assignments, a => Assert.StartsWith("[resourceId(", a.Resolve("scope"), StringComparison.Ordinal));
    }

    private static string RoleDefinition(string role) => $"[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '{role}')]";
}
