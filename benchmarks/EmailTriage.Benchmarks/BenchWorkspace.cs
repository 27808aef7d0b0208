using EmailTriage.Mailboxes;
using EmailTriage.Testing;
using EmailTriage.Triage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EmailTriage.Benchmarks;

/// <summary>A temporary folder mailbox of generated messages and the real runner pointed at a loopback LLM.</summary>
internal sealed class BenchWorkspace : IDisposable
{
    private readonly ServiceProvider _services;

    public BenchWorkspace(FakeLlmServer llm, int messages, int concurrency)
        : this(llm.BaseUrl.ToString(), messages, concurrency)
    {
    }

    /// <param name="baseUrls">LLM_BASE_URL: one server, or several separated by commas.</param>
    public BenchWorkspace(string baseUrls, int messages, int concurrency)
    {
        Concurrency = concurrency;
        Directory = System.IO.Directory.CreateTempSubdirectory("emailtriage-bench-").FullName;
        Inbox = System.IO.Directory.CreateDirectory(Path.Combine(Directory, "inbox")).FullName;
        for (var i = 0; i < messages; i++)
        {
            File.WriteAllBytes(Path.Combine(Inbox, $"{i:00000}.eml"), SampleMail.Generated(i));
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LLM_BASE_URL"] = baseUrls,
            ["LLM_MODEL"] = "test-model",
            ["LLM_MAX_CONCURRENCY"] = concurrency.ToString(),
            ["LABEL_CONFIG_FILE"] = Path.Combine(SampleMail.RepoRoot, "config", "labels.json"),
        }).Build();
        _services = new ServiceCollection().AddEmailTriage(configuration, Directory).AddLlm().AddLogging().BuildServiceProvider();
    }

    public string Directory { get; }

    public int Concurrency { get; }

    public string Inbox { get; }

    public Task<TriageSummary> RunAsync() => RunAsync(dryRun: false);

    /// <param name="dryRun">As eval runs it: decisions only, no label record written (and no fsync per decision).</param>
    public Task<TriageSummary> RunAsync(bool dryRun) =>
        _services.GetRequiredService<TriageRunner>().RunAsync(new FolderMailbox(Inbox), new TriageRequest { DryRun = dryRun }, CancellationToken.None);

    public void Dispose()
    {
        _services.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
