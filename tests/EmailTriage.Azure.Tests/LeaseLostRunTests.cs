using EmailTriage.Azure.Tests.Support;
using EmailTriage.Mailboxes;
using EmailTriage.State;
using EmailTriage.Testing;
using EmailTriage.Triage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EmailTriage.Azure.Tests;

/// <summary>A run whose blob lease is broken from outside stops before its next label, over a real Azurite and the real runner.</summary>
public sealed class LeaseLostRunTests(Azurite azurite)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_run_that_loses_its_lease_writes_no_further_label_and_says_why()
    {
        await using var llm = await FakeLlmServer.StartAsync(Cancel);
        llm.Answer = _ => "Work";
        var root = Directory.CreateTempSubdirectory("emailtriage-lease-lost-").FullName;
        try
        {
            var inbox = Path.Combine(root, "inbox");
            Directory.CreateDirectory(inbox);
            for (var i = 1; i <= 6; i++)
            {
                await File.WriteAllTextAsync(Path.Combine(inbox, $"{i:00}.eml"), $"From: c{i}@corp.example\\r\\nSubject: Item {i}\\r\\n\\r\\nPlease look at item {i}.\\r\\n", Cancel);
            }

            var container = Azurite.NewContainerName();
            var capture = new CapturingLocks();
            await using var services = Services(root, llm.BaseUrl, container, capture);
            capture.Inner = new BlobMailboxLocks(
                services.GetRequiredService<StorageClients>(), services.GetRequiredService<IOptions<StorageOptions>>(), TimeProvider.System, new RecordingLogger<BlobMailboxLocks>())
            { RenewEveryOverride = TimeSpan.FromMilliseconds(200) };
            var mailbox = new FolderMailbox(inbox);

            // Two messages are labelled, the third is with the LLM when the lease is broken.
            llm.HoldAnswers(fromRequest: 3);
            var run = services.GetRequiredService<TriageRunner>().RunAsync(mailbox, new TriageRequest(), Cancel);
            await llm.WaitForRequestsAsync(3, Cancel);
            await BlobMailboxLocksTests.BreakAsync(azurite, container, await mailbox.IdentifyAsync(Cancel));
            await capture.Held!.Lost.WhenCancelledAsync(Cancel);
            llm.ReleaseAnswers();
            var summary = await run;

            Assert.Contains("lease", summary.StoppedBecause, StringComparison.Ordinal);
            Assert.Equal(2, summary.Applied);
            Assert.Equal(2, File.ReadAllLines(Path.Combine(inbox, ".emailtriage", "labels.jsonl")).Length);

            // Without the lease it is no longer this run's state to write: the record is left to the run that holds it now.
            Assert.Null(await RunRecordItem.ReadAsync(await services.GetRequiredService<IStateStores>().ForAsync(mailbox, Cancel), Cancel));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>
    /// Storage goes silent for the first run only: its renewals hang instead of failing, the service lets the lease expire,
    /// and a second machine takes the mailbox. The first run must have stopped writing before that could happen.
    /// </summary>
    [Fact]
    public async Task A_run_whose_storage_goes_silent_stops_writing_before_another_run_can_take_the_mailbox()
    {
        await using var llm = await FakeLlmServer.StartAsync(Cancel);
        llm.Answer = _ => "Work";
        await using var otherLlm = await FakeLlmServer.StartAsync(Cancel);
        otherLlm.Answer = _ => "Work";
        await using var relay = new StallingRelay(azurite.Server.BlobPort);
        var root = Directory.CreateTempSubdirectory("emailtriage-lease-silent-").FullName;
        try
        {
            var inbox = Path.Combine(root, "inbox");
            Directory.CreateDirectory(inbox);
            for (var i = 1; i <= 6; i++)
            {
                await File.WriteAllTextAsync(Path.Combine(inbox, $"{i:00}.eml"), $"From: c{i}@corp.example\r\nSubject: Item {i}\r\n\r\nPlease look at item {i}.\r\n", Cancel);
            }

            var container = Azurite.NewContainerName();
            var capture = new CapturingLocks();
            var logger = new RecordingLogger<BlobMailboxLocks>();
            var silentAccount = azurite.Server.ConnectionStringThrough(relay.Port);
            await using var first = Services(root, llm.BaseUrl, container, capture, silentAccount, state: "state-first");
            capture.Inner = new BlobMailboxLocks(first.GetRequiredService<StorageClients>(), first.GetRequiredService<IOptions<StorageOptions>>(), TimeProvider.System, logger);
            await using var second = Services(root, otherLlm.BaseUrl, container, locks: null, state: "state-second");
            var mailbox = new SharedMailbox(new FolderMailbox(inbox));

            // Two messages are labelled, the third is with the LLM when storage goes silent for the first run.
            llm.HoldAnswers(fromRequest: 3);
            var run = first.GetRequiredService<TriageRunner>().RunAsync(mailbox, new TriageRequest(), Cancel);
            await llm.WaitForRequestsAsync(3, Cancel);
            relay.Stall();
            var other = await RunOnceFreeAsync(second.GetRequiredService<TriageRunner>(), mailbox);

            // The service gave the lease to another run, so the first one's proof must have run out by now.
            Assert.NotNull(capture.Held!.LostBecause);

            // Its LLM answers now: whatever it decides, it must not write.
            llm.ReleaseAnswers();
            var summary = await run;

            Assert.Contains("could not be renewed", summary.StoppedBecause, StringComparison.Ordinal);
            Assert.Contains(logger.Messages, m => m.StartsWith("Lost the lease on ", StringComparison.Ordinal));
            Assert.Equal(2, summary.Applied);
            Assert.Equal(4, other.Applied);
            var ids = mailbox.Inner.ReadRecord().Select(r => r.Id).ToList();
            Assert.Equal(6, ids.Count);
            Assert.Equal(6, ids.Distinct(StringComparer.Ordinal).Count());
        }
        finally
        {
            llm.ReleaseAnswers();
            relay.Resume();
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>
    /// What a timer on the other machine does, tick after tick, until the silent holder's lease has expired. Expiry is the
    /// storage service's own clock, which sends no event, so asking again is the only way to see it.
    /// </summary>
    private static async Task<TriageSummary> RunOnceFreeAsync(TriageRunner runner, IMailbox mailbox)
    {
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        guard.CancelAfter(TimeSpan.FromMinutes(2));
        while (true)
        {
            try
            {
                return await runner.RunAsync(mailbox, new TriageRequest(), guard.Token);
            }
            catch (MailboxUnavailableException ex) when (ex.HeldByAnotherRun)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), guard.Token);
            }
        }
    }

    private ServiceProvider Services(string root, Uri llm, string container, IMailboxLocks? locks, string? account = null, string state = "state")
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LLM_BASE_URL"] = llm.ToString(),
            ["LLM_MODEL"] = "test-model",
            ["LLM_MAX_RETRIES"] = "0",
            ["LLM_MAX_CONCURRENCY"] = "1",
            ["LABEL_CONFIG_FILE"] = Path.Combine(RepoPaths.Root, "config", "labels.json"),
            ["EMAILTRIAGE_STATE_DIR"] = Path.Combine(root, state),
            ["EMAILTRIAGE_STORAGE"] = account ?? azurite.Server.ConnectionString,
            ["EMAILTRIAGE_STATE_CONTAINER"] = container,
            ["EMAILTRIAGE_LEASE_SECONDS"] = "15",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddEmailTriage(configuration, root).AddLlm().AddAzureState(configuration);
        if (locks is not null)
        {
            services.Replace(ServiceDescriptor.Singleton(locks));
        }

        return services.BuildServiceProvider();
    }

    /// <summary>
    /// The same folder as another machine sees it (a shared drive), or any mailbox two machines reach: the folder's own
    /// lock cannot keep them apart, only the lease can.
    /// </summary>
    private sealed class SharedMailbox(FolderMailbox inner) : IMailbox
    {
        public FolderMailbox Inner => inner;

        public string Description => inner.Description;

        public Task<string> IdentifyAsync(CancellationToken cancellationToken) => inner.IdentifyAsync(cancellationToken);

        public Task<IMailboxSession> OpenAsync(MailboxRun run, CancellationToken cancellationToken) => inner.OpenAsync(run, cancellationToken);
    }

    /// <summary>The real blob locks, keeping the lease they hand out so the test can wait for its loss.</summary>
    private sealed class CapturingLocks : IMailboxLocks
    {
        public BlobMailboxLocks? Inner { get; set; }

        public IHeldLock? Held { get; private set; }

        public async Task<IHeldLock> AcquireAsync(IMailbox mailbox, string identity, CancellationToken cancellationToken)
        {
            var held = await Inner!.AcquireAsync(mailbox, identity, cancellationToken);
            Held = held;
            return held;
        }
    }
}
