using EmailTriage.Azure.Tests.Support;
using EmailTriage.Health;

namespace EmailTriage.Azure.Tests;

/// <summary>src/EmailTriage.Azure/StorageHealthProbe.cs over a real Azurite.</summary>
public sealed class StorageHealthProbeTests(Azurite azurite)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reports_the_container_it_will_create()
    {
        var container = Azurite.NewContainerName();

        var item = Assert.Single(await new StorageHealthProbe(Azurite.Clients(azurite.Server.ConnectionString, container)).ProbeAsync(HealthCheckDepth.Quick, Cancel));

        Assert.Equal(new HealthItem("state", HealthStatus.Ok, $"mailbox state in blob container {container} in storage account devstoreaccount1 (created on first use)"), item);
    }

    [Fact]
    public async Task Reports_an_existing_container()
    {
        var container = Azurite.NewContainerName();
        var clients = Azurite.Clients(azurite.Server.ConnectionString, container);
        await clients.StateContainer.CreateAsync(cancellationToken: Cancel);

        var item = Assert.Single(await new StorageHealthProbe(clients).ProbeAsync(HealthCheckDepth.Quick, Cancel));

        Assert.Equal(HealthStatus.Ok, item.Status);
        Assert.DoesNotContain("created on first use", item.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reports_a_wrong_key_as_bad_configuration_naming_the_setting()
    {
        var clients = Azurite.Clients(azurite.Server.ConnectionStringWith(Convert.ToBase64String(new byte[64])), Azurite.NewContainerName());

        var item = Assert.Single(await new StorageHealthProbe(clients).ProbeAsync(HealthCheckDepth.Quick, Cancel));

        Assert.Equal(HealthStatus.BadConfiguration, item.Status);
        Assert.Contains("EMAILTRIAGE_STORAGE", item.Detail, StringComparison.Ordinal);
    }
}
