using EmailTriage.Functions.Tests.Support;
using EmailTriage.Azure;
using EmailTriage.Labels;
using EmailTriage.Mailboxes;
using EmailTriage.State;
using EmailTriage.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EmailTriage.Functions.Tests;

/// <summary>src/EmailTriage.Functions/FunctionsServiceCollectionExtensions.cs: where the host keeps each mailbox's state.</summary>
public sealed class FunctionsServiceCollectionExtensionsTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Keeps_mailbox_state_in_the_storage_account_EMAILTRIAGE_STORAGE_names()
    {
        await using var azurite = await AzuriteServer.StartAsync(Cancel);
        await using var services = Build(new() { ["EMAILTRIAGE_STORAGE"] = azurite.ConnectionString });
        services.GetRequiredService<IStartupValidator>().Validate();

        var stores = Assert.IsType<BlobStateStores>(services.GetRequiredService<IStateStores>());
        var store = await stores.ForAsync(new Mailbox("gmail me@example.com"), Cancel);
        await store.WriteAsync("learned-model.zip", new MemoryStream([1, 2, 3]), Cancel);

        await using var read = await store.OpenReadAsync("learned-model.zip", Cancel);
        Assert.NotNull(read);
        Assert.StartsWith($"blob container {StorageOptions.DefaultStateContainer} in storage account devstoreaccount1", store.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Keeps_mailbox_state_on_the_instance_without_EMAILTRIAGE_STORAGE()
    {
        using var services = Build([]);

        Assert.IsType<LocalStateStores>(services.GetRequiredService<IStateStores>());
    }

    [Fact]
    public void Refuses_to_start_with_an_EMAILTRIAGE_STORAGE_that_is_neither_form()
    {
        using var services = Build(new() { ["EMAILTRIAGE_STORAGE"] = "stemailtriage" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(error.Failures, f => f.Contains("EMAILTRIAGE_STORAGE", StringComparison.Ordinal));
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"emailtriage-functions-{Guid.NewGuid():N}");
        settings["EMAILTRIAGE_STATE_DIR"] = Path.Combine(directory, "state");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddEmailTriageFunctions(configuration, directory).BuildServiceProvider();
    }

    private sealed class Mailbox(string identity) : IMailbox
    {
        public string Description => identity;

        public Task<string> IdentifyAsync(CancellationToken cancellationToken) => Task.FromResult(identity);

        public Task<IMailboxSession> OpenAsync(MailboxRun run, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
