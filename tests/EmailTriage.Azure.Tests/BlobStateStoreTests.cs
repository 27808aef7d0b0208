using System.Security.Cryptography;
using EmailTriage.Azure.Tests.Support;
using EmailTriage.State;

namespace EmailTriage.Azure.Tests;

/// <summary>src/EmailTriage.Azure/BlobStateStore.cs over a real Azurite.</summary>
public sealed class BlobStateStoreTests(Azurite azurite)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reads_back_exactly_the_bytes_written()
    {
        var store = await StoreAsync("gmail me@example.com");
        var bytes = RandomNumberGenerator.GetBytes(300_000);

        await store.WriteAsync("learned-model.zip", new MemoryStream(bytes), Cancel);

        Assert.Equal(bytes, await store.OpenReadAsync("learned-model.zip", Cancel).ReadAllAsync());
    }

    [Fact]
    public async Task Answers_null_for_an_item_never_written()
    {
        var store = await StoreAsync("gmail me@example.com");

        Assert.Null(await store.OpenReadAsync("gmail-history-cursor", Cancel));
    }

    [Fact]
    public async Task An_overwrite_replaces_the_whole_item()
    {
        var store = await StoreAsync("gmail me@example.com");
        await store.WriteAsync("cursor", new MemoryStream(new byte[10_000]), Cancel);

        await store.WriteAsync("cursor", new MemoryStream([1, 2, 3]), Cancel);

        Assert.Equal([1, 2, 3], await store.OpenReadAsync("cursor", Cancel).ReadAllAsync());
    }

    [Fact]
    public async Task Takes_content_from_a_stream_that_cannot_seek()
    {
        var store = await StoreAsync("gmail me@example.com");
        var bytes = RandomNumberGenerator.GetBytes(5_000);

        await store.WriteAsync("item", new ForwardOnlyStream(bytes), Cancel);

        Assert.Equal(bytes, await store.OpenReadAsync("item", Cancel).ReadAllAsync());
    }

    [Fact]
    public async Task Keeps_items_under_the_mailbox_key_in_the_state_container()
    {
        var container = Azurite.NewContainerName();
        var store = await azurite.Stores(container).ForAsync(new NamedMailbox("gmail me@example.com"), Cancel);
        await store.WriteAsync("learned-model.zip", new MemoryStream([7]), Cancel);

        var blobs = Azurite.Clients(azurite.Server.ConnectionString, container).StateContainer;
        var names = new List<string>();
        await foreach (var blob in blobs.GetBlobsAsync(cancellationToken: Cancel))
        {
            names.Add(blob.Name);
        }

        Assert.Equal([$"{LocalStateStores.KeyOf("gmail me@example.com")}/learned-model.zip"], names);
        Assert.Equal($"blob container {container} in storage account devstoreaccount1, prefix {LocalStateStores.KeyOf("gmail me@example.com")}/", store.Description);
    }

    [Theory]
    [InlineData("")]
    [InlineData("../other/learned-model.zip")]
    [InlineData("sub/item")]
    [InlineData("..")]
    public async Task Refuses_a_name_that_is_not_one_item(string name)
    {
        var store = await StoreAsync("gmail me@example.com");

        await Assert.ThrowsAsync<ArgumentException>(() => store.WriteAsync(name, new MemoryStream([1]), Cancel));
        await Assert.ThrowsAsync<ArgumentException>(() => store.OpenReadAsync(name, Cancel));
    }

    private Task<IStateStore> StoreAsync(string identity) =>
        azurite.Stores(Azurite.NewContainerName()).ForAsync(new NamedMailbox(identity), Cancel);

    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override long Seek(long offset, SeekOrigin loc) => throw new NotSupportedException();
    }
}
