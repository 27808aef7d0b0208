using EmailTriage.Infrastructure.Tests.Support;

namespace EmailTriage.Infrastructure.Tests.Core;

/// <summary>infra/core/storage.bicep: reachable only with Entra ID, over TLS 1.2, never publicly.</summary>
public sealed class StorageTests(CompiledTemplate template)
{
    private ArmResource Account => template.Arm.Resource("Microsoft.Storage/storageAccounts");

    [Fact]
    public void Refuses_shared_key_access()
    {
        Assert.False(Account.Flag("properties.allowSharedKeyAccess"));
        Assert.True(Account.Flag("properties.defaultToOAuthAuthentication"));
    }

    [Fact]
    public void Refuses_public_blob_access()
    {
        Assert.False(Account.Flag("properties.allowBlobPublicAccess"));
        Assert.All(template.Arm.Resources("Microsoft.Storage/storageAccounts/blobServices/containers"), c => Assert.Equal("None", c.Resolve("properties.publicAccess")));
    }

    [Fact]
    public void Requires_HTTPS_with_TLS_1_2_or_later()
    {
        Assert.Equal("TLS1_2", Account.Resolve("properties.minimumTlsVersion"));
        Assert.True(Account.Flag("properties.supportsHttpsTrafficOnly"));
    }

    [Fact]
    public void Holds_the_deployment_package_container_the_app_reads()
    {
        Assert.Single(Containers, c => c.Resolve("name") == "[format('{0}/{1}/{2}', parameters('name'), 'default', parameters('deploymentContainerName'))]");
        Assert.Equal("[format('app-package-{0}', variables('resourceToken'))]", template.Arm.Module("storage").Argument("deploymentContainerName"));
    }

    [Fact]
    public void Holds_the_state_container_under_the_apps_default_name()
    {
        Assert.Single(Containers, c => c.Resolve("name") == "[format('{0}/{1}/{2}', parameters('name'), 'default', parameters('stateContainerName'))]");
        Assert.Equal("emailtriage-state", template.Arm.Module("storage").Argument("stateContainerName"));
        Assert.Equal(2, Containers.Count);
    }

    [Fact]
    public void Holds_the_mailbox_queue_and_its_poison_queue_under_the_apps_default_name()
    {
        var names = template.Arm.Resources("Microsoft.Storage/storageAccounts/queueServices/queues").Select(q => q.Resolve("name")).Order();

        Assert.Equal(
            ["[format('{0}/{1}/{2}', parameters('name'), 'default', format('{0}-poison', parameters('mailboxQueueName')))]", "[format('{0}/{1}/{2}', parameters('name'), 'default', parameters('mailboxQueueName'))]"],
            names);
        Assert.Equal("emailtriage-mailboxes", template.Arm.Module("storage").Argument("mailboxQueueName"));
    }

    private IReadOnlyList<ArmResource> Containers => template.Arm.Resources("Microsoft.Storage/storageAccounts/blobServices/containers");
}
