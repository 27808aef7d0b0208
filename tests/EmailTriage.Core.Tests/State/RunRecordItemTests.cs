using System.Text;
using EmailTriage.Core.Tests.Support;
using EmailTriage.State;

namespace EmailTriage.Core.Tests.State;

/// <summary>src/EmailTriage.Core/State/RunRecordItem.cs over a folder; tests/EmailTriage.Azure.Tests/RunRecordBlobTests.cs runs the same over blobs.</summary>
public sealed class RunRecordItemTests : IDisposable
{
    private static readonly RunRecord Sample = new(
        new DateTimeOffset(2026, 12, 2, 13, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 2, 13, 0, 41, TimeSpan.Zero), 47, 2, 1, 3, "the LLM server stopped answering", "mac-mini");

    private readonly TempWorkspace _workspace = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task Reads_back_the_record_written()
    {
        var store = new FileStateStore(_workspace.PathOf("state"));

        await RunRecordItem.WriteAsync(store, Sample, Ct);

        Assert.Equal(Sample, await RunRecordItem.ReadAsync(store, Ct));
        Assert.True(File.Exists(_workspace.PathOf("state/last-run.json")));
    }

    [Fact]
    public async Task A_mailbox_that_never_ran_has_no_record()
    {
        Assert.Null(await RunRecordItem.ReadAsync(new FileStateStore(_workspace.PathOf("state")), Ct));
    }

    [Fact]
    public async Task A_damaged_record_reads_as_none()
    {
        var store = new FileStateStore(_workspace.PathOf("state"));
        await store.WriteAsync(RunRecord.ItemName, new MemoryStream(Encoding.UTF8.GetBytes("{\"startedAt\": ")), Ct);

        Assert.Null(await RunRecordItem.ReadAsync(store, Ct));
    }
}
