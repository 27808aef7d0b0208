using System.Text;
using EmailTriage.Azure.Tests.Support;
using EmailTriage.State;

namespace EmailTriage.Azure.Tests;

/// <summary>src/EmailTriage.Core/State/RunRecordItem.cs over blobs in a real Azurite: the same tests as over a folder (Core.Tests RunRecordItemTests).</summary>
public sealed class RunRecordBlobTests(Azurite azurite)
{
    private static readonly RunRecord Sample = new(
        new DateTimeOffset(2026, 12, 2, 13, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 2, 13, 0, 41, TimeSpan.Zero), 47, 2, 1, 3, "the LLM server stopped answering", "mac-mini");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reads_back_the_record_written()
    {
        var store = await StoreAsync();

        await RunRecordItem.WriteAsync(store, Sample, Cancel);

        Assert.Equal(Sample, await RunRecordItem.ReadAsync(store, Cancel));
    }

    [Fact]
    public async Task A_mailbox_that_never_ran_has_no_record()
    {
        Assert.Null(await RunRecordItem.ReadAsync(await StoreAsync(), Cancel));
    }

    [Fact]
    public async Task A_damaged_record_reads_as_none()
    {
        var store = await StoreAsync();
        await store.WriteAsync(RunRecord.ItemName, new MemoryStream(Encoding.UTF8.GetBytes("{\"startedAt\": ")), Cancel);

        Assert.Null(await RunRecordItem.ReadAsync(store, Cancel));
    }

    private Task<IStateStore> StoreAsync() =>
        azurite.Stores(Azurite.NewContainerName()).ForAsync(new NamedMailbox("gmail me@example.com"), Cancel);
}
