using EmailTriage.Core.Tests.Support;
using EmailTriage.Filing;
using EmailTriage.Mailboxes;
using EmailTriage.State;
using EmailTriage.Triage;
using Microsoft.Extensions.DependencyInjection;

namespace EmailTriage.Core.Tests.Triage;

/// <summary>
/// The runner when its lock is lost (a blob lease that could not be renewed) while it saves what it learned: the model
/// is a write under the lock like a label, so the save stops and the run says why.
/// </summary>
public sealed class TriageRunnerLostLockTests : IDisposable
{
    private const string Reason = "the run lease on folder-x/run.lock could not be renewed for 45 s";

    private readonly SenderFilingModels _models = new();
    private readonly LosableLocks _locks = new();
    private readonly TriageHarness _harness;

    public TriageRunnerLostLockTests()
    {
        _harness = new TriageHarness(llmBaseUrl: null, services: s => s.AddSingleton<IFilingModels>(_models).AddSingleton<IMailboxLocks>(_locks));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private FileStateStore Store => new(Path.Combine(_harness.Inbox, ".emailtriage"));

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task A_lock_lost_as_the_model_is_saved_stops_the_save_and_the_run_says_why()
    {
        await _models.SaveAsync(new SenderFilingModel(TestLabels.Standard.AllNames, new Dictionary<string, string> { ["someone@else.example"] = "Finance" }), Store, IFilingModels.ModelName, Ct);
        var before = await File.ReadAllTextAsync(Path.Combine(Store.Directory, IFilingModels.ModelName), Ct);
        _models.Saves.Clear();
        _harness.Add("01.eml", new Eml { From = "carla@studio.example", Subject = "Sketches" });
        await _harness.RunAsync();

        // The user files the message by hand, so the next run learns and has a model to save.
        File.AppendAllText(_harness.RecordPath, """{"id":"01.eml","label":"Work"}""" + "\n");
        _models.BeforeSave = () => _locks.Held!.Lose(Reason);
        var summary = await _harness.RunAsync();

        Assert.Equal(Reason, summary.StoppedBecause);
        Assert.Null(summary.Learning);
        Assert.Empty(_models.Saves);
        Assert.Equal(before, await File.ReadAllTextAsync(Path.Combine(Store.Directory, IFilingModels.ModelName), Ct));
    }

    /// <summary>Locks that always grant, and keep the last one handed out so the test can lose it.</summary>
    private sealed class LosableLocks : IMailboxLocks
    {
        public LosableLock? Held { get; private set; }

        public Task<IHeldLock> AcquireAsync(IMailbox mailbox, string identity, CancellationToken cancellationToken)
        {
            Held = new LosableLock();
            return Task.FromResult<IHeldLock>(Held);
        }
    }

    private sealed class LosableLock : IHeldLock
    {
        private readonly CancellationTokenSource _lost = new();

        public CancellationToken Lost => _lost.Token;

        public string? LostBecause { get; private set; }

        public void Lose(string reason)
        {
            LostBecause = reason;
            _lost.Cancel();
        }

        public ValueTask DisposeAsync()
        {
            _lost.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
