using System.Diagnostics;
using System.Text.Json;
using EmailTriage.Azure;
using EmailTriage.Mailboxes;
using EmailTriage.Testing;
using EmailTriage.Triage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EmailTriage.Benchmarks;

/// <summary>
/// Many mailboxes at once in one process (as one Functions instance or <c>triage --all</c> runs them): M Gmail-shaped
/// loopback servers with N new messages each, one loopback LLM answering in a fixed time with a shared budget of S
/// slots. Prints the wall time against the bound M*N*latency/S, the spread of finishing times across mailboxes, and
/// with Azurite (AZURITE_BIN) the blob lease's cost per run and the queue messages one tick puts out.
/// </summary>
internal static class MailboxesReport
{
    private const string RefreshToken = "1//bench";

    public static async Task RunAsync(int mailboxes, int messages, TimeSpan latency, int slots)
    {
        var gmails = new List<FakeGmailServer>();
        await using var llm = await FakeLlmServer.StartAsync();
        llm.RecordRequests = false;
        llm.Latency = latency;
        llm.Answer = _ => "Work";
        await using var azurite = AzuriteServer.FindExecutable() is null ? null : await AzuriteServer.StartAsync(CancellationToken.None);
        var work = Directory.CreateTempSubdirectory("emailtriage-bench-mailboxes-").FullName;
        try
        {
            var entries = new List<object>();
            for (var m = 0; m < mailboxes; m++)
            {
                var gmail = await FakeGmailServer.StartAsync();
                gmails.Add(gmail);
                gmail.AddRefreshToken(RefreshToken, "bench-client", "bench-secret");
                for (var i = 0; i < messages; i++)
                {
                    gmail.AddMessage($"From: sender{i}@corp.example\r\nTo: m{m}@example.com\r\nSubject: Project note {i}\r\n\r\nText of message {i}.\r\n", null, "INBOX");
                }

                entries.Add(new { name = $"m{m:00}", kind = "gmail", apiBaseUrl = gmail.BaseUrl.ToString() });
            }

            var list = Path.Combine(work, "mailboxes.json");
            await File.WriteAllTextAsync(list, JsonSerializer.Serialize(new { mailboxes = entries }));
            var leases = new LeaseLog();
            var settings = new Dictionary<string, string?>
            {
                ["LLM_BASE_URL"] = llm.BaseUrl.ToString(),
                ["LLM_MODEL"] = "test-model",
                ["LLM_MAX_CONCURRENCY"] = slots.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["LABEL_CONFIG_FILE"] = Path.Combine(SampleMail.RepoRoot, "config", "labels.json"),
                ["MAILBOXES_FILE"] = list,
                ["EMAILTRIAGE_STATE_DIR"] = Path.Combine(work, "state"),
                ["GMAIL_TOKEN_URI"] = gmails[0].TokenUrl.ToString(),
                ["GMAIL_REFRESH_TOKEN"] = RefreshToken,
                ["GMAIL_CLIENT_ID"] = "bench-client",
                ["GMAIL_CLIENT_SECRET"] = "bench-secret",
            };
            if (azurite is not null)
            {
                settings["EMAILTRIAGE_STORAGE"] = azurite.ConnectionString;
                settings["EMAILTRIAGE_QUEUE"] = "bench-mailboxes";
            }

            var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
            await using var services = new ServiceCollection()
                .AddLogging(b => b.AddProvider(leases))
                .AddEmailTriage(configuration, work).AddLlm().AddGmail(configuration).AddAzureState(configuration)
                .BuildServiceProvider();
            var definitions = services.GetRequiredService<MailboxCatalog>().Require("the mailboxes benchmark").Mailboxes;

            var started = DateTimeOffset.UtcNow;
            var timer = Stopwatch.StartNew();
            var outcomes = await services.GetRequiredService<ManyMailboxesRunner>().RunAsync(definitions, _ => new TriageRequest(), CancellationToken.None);
            timer.Stop();

            var finished = outcomes.Select(o => (o.FinishedAt - started).TotalSeconds).Order().ToList();
            var bound = mailboxes * messages * latency.TotalSeconds / slots;
            Console.WriteLine($"mailboxes: {mailboxes} x {messages} new messages, LLM {latency.TotalMilliseconds:0} ms, {slots} slots shared");
            Console.WriteLine($"  labelled {outcomes.Sum(o => o.Summary?.Applied ?? 0)}, failed mailboxes {outcomes.Count(o => o.Failure is not null)}, LLM max in flight {llm.MaxConcurrencySeen}");
            Console.WriteLine($"  wall time {timer.Elapsed.TotalSeconds:0.0} s (bound {mailboxes}*{messages}*{latency.TotalSeconds}/{slots} = {bound:0.0} s, {timer.Elapsed.TotalSeconds / bound:0.00}x)");
            Console.WriteLine($"  finishing times min {finished[0]:0.0} s, median {finished[finished.Count / 2]:0.0} s, max {finished[^1]:0.0} s");
            if (azurite is null)
            {
                Console.WriteLine("  lease and queue: skipped (set AZURITE_BIN, e.g. $(bash scripts/install-azurite.sh))");
                return;
            }

            Console.WriteLine($"  lease per run: {leases.Requests.Average():0.0} storage requests (min {leases.Requests.Min()}, max {leases.Requests.Max()}) over {leases.Requests.Count} runs");
            await LeaseTimeAsync(services, definitions);

            var fanOut = services.GetRequiredService<IMailboxFanOut>();
            var queued = await fanOut.EnqueueAsync(definitions, CancellationToken.None);
            var clients = services.GetRequiredService<StorageClients>();
            var depth = (await clients.MailboxQueue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
            Console.WriteLine($"  queue: one tick put {queued} messages (queue depth after the tick {depth}), one per mailbox");
        }
        finally
        {
            foreach (var gmail in gmails)
            {
                await gmail.DisposeAsync();
            }

            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Take and release each mailbox's lease alone, as a run does around its work, timed against a local Azurite.</summary>
    private static async Task LeaseTimeAsync(ServiceProvider services, IReadOnlyList<MailboxDefinition> definitions)
    {
        var catalog = services.GetRequiredService<MailboxCatalog>();
        var locks = services.GetRequiredService<IMailboxLocks>();
        var times = new List<double>();
        foreach (var definition in definitions)
        {
            var mailbox = await catalog.OpenAsync(definition, CancellationToken.None);
            var identity = await mailbox.IdentifyAsync(CancellationToken.None);
            var timer = Stopwatch.StartNew();
            await (await locks.AcquireAsync(mailbox, identity, CancellationToken.None)).DisposeAsync();
            times.Add(timer.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        Console.WriteLine($"  lease take + release: median {times[times.Count / 2]:0.0} ms, max {times[^1]:0.0} ms (Azurite on loopback)");
    }

    /// <summary>Reads the storage request count each released lease logs.</summary>
    private sealed class LeaseLog : ILoggerProvider
    {
        public List<int> Requests { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(LeaseLog log) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (state is IReadOnlyList<KeyValuePair<string, object?>> values
                    && values.FirstOrDefault(v => v.Key == "Requests").Value is int requests
                    && formatter(state, exception).StartsWith("Released the lease", StringComparison.Ordinal))
                {
                    lock (log.Requests)
                    {
                        log.Requests.Add(requests);
                    }
                }
            }
        }
    }
}
