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

    private ServiceProvider Services(string root, Uri llm, string container, CapturingLocks locks)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LLM_BASE_URL"] = llm.ToString(),
            ["LLM_MODEL"] = "test-model",
            ["LLM_MAX_RETRIES"] = "0",
            ["LLM_MAX_CONCURRENCY"] = "1",
            ["LABEL_CONFIG_FILE"] = Path.Combine(RepoPaths.Root, "config", "labels.json"),
            ["EMAILTRIAGE_STATE_DIR"] = Path.Combine(root, "state"),
            ["EMAILTRIAGE_STORAGE"] = azurite.Server.ConnectionString,
            ["EMAILTRIAGE_STATE_CONTAINER"] = container,
            ["EMAILTRIAGE_LEASE_SECONDS"] = "15",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddEmailTriage(configuration, root).AddLlm().AddAzureState(configuration);
        services.Replace(ServiceDescriptor.Singleton<IMailboxLocks>(locks));
        return services.BuildServiceProvider();
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
