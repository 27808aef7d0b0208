using EmailTriage.Core.Tests.Support;
using EmailTriage.State;
using EmailTriage.Testing;
using EmailTriage.Triage;

namespace EmailTriage.Core.Tests.Triage;

/// <summary>The run record (last-run.json) the runner leaves in the mailbox's state store at the end of every labelling run.</summary>
public sealed class TriageRunnerRunRecordTests : IAsyncLifetime
{
    private FakeLlmServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await FakeLlmServer.StartAsync(Ct);
        _server.Answer = _ => "Work";
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private static Task<RunRecord?> RecordOf(TriageHarness harness) =>
        RunRecordItem.ReadAsync(new FileStateStore(Path.Combine(harness.Inbox, ".emailtriage")), Ct);

    [Fact]
    public async Task A_completed_run_records_its_counts_and_host()
    {
        using var harness = new TriageHarness(_server.BaseUrl);
        harness.AddPlain(3);
        var before = DateTimeOffset.UtcNow;

        await harness.RunAsync();

        var record = await RecordOf(harness);
        Assert.NotNull(record);
        Assert.Equal((3, 0, 0, 0, (string?)null), (record.Labelled, record.Deferred, record.Failed, record.Skipped, record.StoppedBecause));
        Assert.Equal(Environment.MachineName, record.Host);
        Assert.InRange(record.StartedAt, before.AddSeconds(-1), record.FinishedAt);
    }

    [Fact]
    public async Task A_stopped_run_records_why_and_what_it_left()
    {
        _server.RequiredApiKey = "right-key";
        using var harness = new TriageHarness(_server.BaseUrl, new Dictionary<string, string?> { ["LLM_API_KEY"] = "wrong-key", ["LLM_MAX_CONCURRENCY"] = "1" });
        harness.AddPlain(5);

        var summary = await harness.RunAsync();

        var record = await RecordOf(harness);
        Assert.NotNull(record);
        Assert.StartsWith("Authentication failed", record.StoppedBecause, StringComparison.Ordinal);
        Assert.Equal(summary.NotStarted + summary.LeftForLlm, record.Deferred);
        Assert.Equal(5, record.Deferred);
        Assert.Equal(0, record.Skipped);
        Assert.DoesNotContain("wrong-key", record.StoppedBecause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dry_run_leaves_no_record()
    {
        using var harness = new TriageHarness(_server.BaseUrl);
        harness.AddPlain(2);

        await harness.RunAsync(new TriageRequest { DryRun = true });

        Assert.Null(await RecordOf(harness));
    }
}
