using EmailTriage.Azure.Tests.Support;
using EmailTriage.Errors;
using EmailTriage.Testing;

namespace EmailTriage.Azure.Tests;

/// <summary>src/EmailTriage.Azure/BlobStateStores.cs: one container, one prefix per mailbox, over a real Azurite.</summary>
public sealed class BlobStateStoresTests(Azurite azurite)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_mailboxes_do_not_see_each_others_items()
    {
        var stores = azurite.Stores(Azurite.NewContainerName());
        var alex = await stores.ForAsync(new NamedMailbox("gmail alex@example.com"), Cancel);
        var sam = await stores.ForAsync(new NamedMailbox("gmail sam@example.com"), Cancel);

        await alex.WriteAsync("learned-model.zip", new MemoryStream([1]), Cancel);
        await sam.WriteAsync("cursor", new MemoryStream([2]), Cancel);

        Assert.Null(await sam.OpenReadAsync("learned-model.zip", Cancel));
        Assert.Null(await alex.OpenReadAsync("cursor", Cancel));
        Assert.Equal([1], await alex.OpenReadAsync("learned-model.zip", Cancel).ReadAllAsync());
    }

    [Fact]
    public async Task The_same_identity_gets_the_same_items_from_another_instance()
    {
        // As the Functions host in Azure and the CLI on a Mac would, each with its own process and stores.
        var container = Azurite.NewContainerName();
        var writer = await azurite.Stores(container).ForAsync(new NamedMailbox("gmail me@example.com"), Cancel);
        await writer.WriteAsync("learned-model.zip", new MemoryStream([4, 2]), Cancel);

        var reader = await azurite.Stores(container).ForAsync(new NamedMailbox("gmail me@example.com"), Cancel);

        Assert.Equal([4, 2], await reader.OpenReadAsync("learned-model.zip", Cancel).ReadAllAsync());
    }

    [Fact]
    public async Task Creates_the_container_when_missing_and_only_once()
    {
        var container = Azurite.NewContainerName();
        var blobs = Azurite.Clients(azurite.Server.ConnectionString, container).StateContainer;
        var logger = new RecordingLogger<BlobStateStores>();
        var stores = azurite.Stores(container, logger);
        Assert.False((await blobs.ExistsAsync(Cancel)).Value);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => stores.ForAsync(new NamedMailbox($"gmail user{i}@example.com"), Cancel)));
        await stores.ForAsync(new NamedMailbox("gmail me@example.com"), Cancel);

        Assert.True((await blobs.ExistsAsync(Cancel)).Value);
        Assert.Single(logger.Messages, m => m.StartsWith("Created the state container", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Uses_a_container_that_already_exists()
    {
        var container = Azurite.NewContainerName();
        await Azurite.Clients(azurite.Server.ConnectionString, container).StateContainer.CreateAsync(cancellationToken: Cancel);
        var logger = new RecordingLogger<BlobStateStores>();

        var store = await azurite.Stores(container, logger).ForAsync(new NamedMailbox("gmail me@example.com"), Cancel);
        await store.WriteAsync("item", new MemoryStream([1]), Cancel);

        Assert.DoesNotContain(logger.Messages, m => m.StartsWith("Created", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_wrong_account_key_is_a_configuration_error_naming_the_setting()
    {
        var wrongKey = Convert.ToBase64String(new byte[64]);
        var stores = new BlobStateStores(
            Azurite.Clients(azurite.Server.ConnectionStringWith(wrongKey), Azurite.NewContainerName()),
            new RecordingLogger<BlobStateStores>());

        var error = await Assert.ThrowsAsync<StorageException>(() => stores.ForAsync(new NamedMailbox("gmail me@example.com"), Cancel));

        Assert.Equal(FailureKind.BadConfiguration, error.Kind);
        Assert.Contains("EMAILTRIAGE_STORAGE", error.Message, StringComparison.Ordinal);
        Assert.Contains("403", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongKey, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_key_found_later_is_tried_again_rather_than_remembered()
    {
        var container = Azurite.NewContainerName();
        var stores = new BlobStateStores(
            Azurite.Clients(azurite.Server.ConnectionStringWith(Convert.ToBase64String(new byte[64])), container),
            new RecordingLogger<BlobStateStores>());

        var first = await Assert.ThrowsAsync<StorageException>(() => stores.ForAsync(new NamedMailbox("gmail me@example.com"), Cancel));
        var second = await Assert.ThrowsAsync<StorageException>(() => stores.ForAsync(new NamedMailbox("gmail me@example.com"), Cancel));

        Assert.NotSame(first, second);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)] // the SDK gives up with an AggregateException of every attempt's failure
    public async Task An_endpoint_nobody_listens_on_is_a_service_failure_naming_the_setting(int retries)
    {
        var closed = AzuriteServer.AccountKey;
        var account = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={closed};BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;";
        var stores = new BlobStateStores(Azurite.ClientsRetrying(retries, account, Azurite.NewContainerName()), new RecordingLogger<BlobStateStores>());

        var error = await Assert.ThrowsAsync<StorageException>(() => stores.ForAsync(new NamedMailbox("gmail me@example.com"), Cancel));

        Assert.Equal(FailureKind.ServiceUnavailable, error.Kind);
        Assert.Contains("cannot be reached", error.Message, StringComparison.Ordinal);
        Assert.Contains("EMAILTRIAGE_STORAGE", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(closed, error.Message, StringComparison.Ordinal);
    }
}
