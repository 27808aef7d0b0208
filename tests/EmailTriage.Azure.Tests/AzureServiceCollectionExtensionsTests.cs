using EmailTriage.State;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EmailTriage.Azure.Tests;

/// <summary>src/EmailTriage.Azure/AzureServiceCollectionExtensions.cs: blobs only when EMAILTRIAGE_STORAGE says so.</summary>
public sealed class AzureServiceCollectionExtensionsTests
{
    [Fact]
    public void Keeps_state_on_this_machine_without_the_setting()
    {
        using var services = Build(new() { ["EMAILTRIAGE_STORAGE"] = " " });

        Assert.IsType<LocalStateStores>(services.GetRequiredService<IStateStores>());
        Assert.Null(services.GetService<StorageClients>());
    }

    [Fact]
    public void Keeps_state_in_blobs_with_the_setting()
    {
        using var services = Build(new() { ["EMAILTRIAGE_STORAGE"] = "UseDevelopmentStorage=true" });

        Assert.IsType<BlobStateStores>(services.GetRequiredService<IStateStores>());
        Assert.Single(services.GetServices<IStateStores>());
        services.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void Refuses_to_start_with_a_setting_that_is_neither_form()
    {
        using var services = Build(new() { ["EMAILTRIAGE_STORAGE"] = "stmyaccount" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(error.Failures, f => f.StartsWith("EMAILTRIAGE_STORAGE is neither", StringComparison.Ordinal));
    }

    [Fact]
    public void Binds_the_container_and_the_managed_identity()
    {
        using var services = Build(new()
        {
            ["EMAILTRIAGE_STORAGE"] = "https://stabc.blob.core.windows.net",
            ["EMAILTRIAGE_STATE_CONTAINER"] = "other-state",
            ["AZURE_CLIENT_ID"] = "00000000-0000-0000-0000-000000000001",
        });

        var options = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        Assert.Equal("other-state", options.StateContainer);
        Assert.Equal("00000000-0000-0000-0000-000000000001", options.ManagedIdentityClientId);
        Assert.Equal(new Uri("https://stabc.blob.core.windows.net/other-state"), services.GetRequiredService<StorageClients>().StateContainer.Uri);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        settings["EMAILTRIAGE_STATE_DIR"] = Path.GetTempPath();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddLogging()
            .AddEmailTriage(configuration, Path.GetTempPath())
            .AddAzureState(configuration)
            .BuildServiceProvider();
    }
}
