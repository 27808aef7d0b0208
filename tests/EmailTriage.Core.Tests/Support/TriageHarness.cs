using EmailTriage.Mailboxes;
using EmailTriage.Triage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EmailTriage.Core.Tests.Support;

/// <summary>
/// The real composition root over a temp folder: labels.json, an inbox of .eml files and in-memory settings,
/// as the CLI would set them up, so tests exercise the runner the way users do.
/// </summary>
public sealed class TriageHarness : IDisposable
{
    private readonly TempWorkspace _workspace = new();
    private readonly ServiceProvider _services;

    /// <param name="llmBaseUrl">LLM_BASE_URL, or null to run with rules only.</param>
    /// <param name="settings">Further settings, e.g. LLM_MAX_CONCURRENCY; they override the defaults here.</param>
    /// <param name="services">Replaces or adds services after the composition root, e.g. a learned model.</param>
    public TriageHarness(Uri? llmBaseUrl, IReadOnlyDictionary<string, string?>? settings = null, string labelsJson = TestLabels.Json, Action<IServiceCollection>? services = null)
    {
        _workspace.Write("config/labels.json", labelsJson);
        Directory.CreateDirectory(Inbox);
        var values = new Dictionary<string, string?>
        {
            ["LLM_MODEL"] = "test-model",
            ["LLM_MAX_RETRIES"] = "0",
            ["LABEL_CONFIG_FILE"] = "config/labels.json",

            // This simulated machine's own state folder (the run locks), whatever the real user's holds.
            ["EMAILTRIAGE_STATE_DIR"] = _workspace.PathOf("state"),
        };
        if (llmBaseUrl is not null)
        {
            values["LLM_BASE_URL"] = llmBaseUrl.ToString();
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var collection = new ServiceCollection().AddEmailTriage(configuration, _workspace.Root).AddLlm().AddLogging();
        services?.Invoke(collection);
        _services = collection.BuildServiceProvider();
    }

    public string Inbox => _workspace.PathOf("inbox");

    public string RecordPath => Path.Combine(Inbox, ".emailtriage", "labels.jsonl");

    public TriageRunner Runner => _services.GetRequiredService<TriageRunner>();

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public string Add(string fileName, Eml message) => _workspace.Write(Path.Combine("inbox", fileName), message.ToBytes());

    public string Add(string fileName, byte[] content) => _workspace.Write(Path.Combine("inbox", fileName), content);

    /// <summary>Adds <paramref name="count"/> messages no rule matches, named 01-....eml onwards.</summary>
    public IReadOnlyList<string> AddPlain(int count, string subjectPrefix = "Plain message")
    {
        var names = new List<string>();
        for (var i = 1; i <= count; i++)
        {
            var name = $"{i:00}-plain.eml";
            Add(name, new Eml { Subject = $"{subjectPrefix} {i}", Body = $"Body of message {i}." });
            names.Add(name);
        }

        return names;
    }

    public FolderMailbox Mailbox() => new(Inbox);

    public Task<TriageSummary> RunAsync(TriageRequest? request = null) =>
        Runner.RunAsync(Mailbox(), request ?? new TriageRequest(), TestContext.Current.CancellationToken);

    public IReadOnlyList<FolderRecord> Record() => Mailbox().ReadRecord();

    public void Dispose()
    {
        _services.Dispose();
        _workspace.Dispose();
    }
}
