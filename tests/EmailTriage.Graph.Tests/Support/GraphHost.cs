using EmailTriage.Filing;
using EmailTriage.Graph.Auth;
using EmailTriage.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EmailTriage.Graph.Tests.Support;

/// <summary>
/// The composition root as a host builds it (AddEmailTriage, AddLlm, AddGraph) in a folder of its own, with the sign-in
/// swapped for tokens of the fake server: what the kind, the runner and the catalog do through the plug-in contract.
/// </summary>
internal sealed class GraphHost : IDisposable
{
    public const string LabelFile = """
        {
          "labels": [
            { "name": "Receipts", "description": "Invoices and receipts." },
            { "name": "Newsletters", "description": "Digests.", "rules": [{ "domain": "news.example.com" }], "action": "archive" },
            { "name": "Work", "description": "Work mail." }
          ],
          "fallback": "Review"
        }
        """;

    private GraphHost(string folder, ServiceProvider services, FakeGraphSignIns signIns)
    {
        Folder = folder;
        Services = services;
        SignIns = signIns;
    }

    public string Folder { get; }

    public ServiceProvider Services { get; }

    public FakeGraphSignIns SignIns { get; }

    /// <param name="settings">Settings on top of the defaults (the fake servers' addresses, a client id, the label file).</param>
    /// <param name="signIns">False to keep the real sign-ins (device code, managed identity) for tests of what they say.</param>
    public static GraphHost Start(FakeGraphServer graph, FakeLlmServer? llm, IDictionary<string, string?>? settings = null, IFilingModels? models = null, bool signIns = true, string? mailboxes = null)
    {
        var folder = Directory.CreateTempSubdirectory("graph-host-").FullName;
        File.WriteAllText(Path.Combine(folder, "labels.json"), LabelFile);
        var values = new Dictionary<string, string?>
        {
            ["LLM_BASE_URL"] = llm?.BaseUrl.ToString() ?? "http://127.0.0.1:9/v1",
            ["LLM_MODEL"] = "test-model",
            ["LABEL_CONFIG_FILE"] = "labels.json",
            ["GRAPH_API_BASE_URL"] = graph.BaseUrl.ToString(),
            ["GRAPH_CLIENT_ID"] = "8b1e2a4c-0d3f-4e5a-9b6c-7d8e9f0a1b2c",
            ["EMAILTRIAGE_STATE_DIR"] = Path.Combine(folder, "state"),
        };
        if (mailboxes is not null)
        {
            File.WriteAllText(Path.Combine(folder, "mailboxes.json"), mailboxes);
            values["MAILBOXES_FILE"] = "mailboxes.json";
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var fake = new FakeGraphSignIns(graph, graph.MailboxAddress);
        var services = new ServiceCollection();
        if (signIns)
        {
            services.AddSingleton<IGraphSignIns>(fake);
        }

        if (models is not null)
        {
            services.AddSingleton(models);
        }

        var provider = services.AddLogging().AddEmailTriage(configuration, folder).AddLlm().AddGraph(configuration).BuildServiceProvider();
        provider.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();
        return new GraphHost(folder, provider, fake);
    }

    public void Dispose()
    {
        Services.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the temp folder is cleaned up eventually.
        }
    }
}
