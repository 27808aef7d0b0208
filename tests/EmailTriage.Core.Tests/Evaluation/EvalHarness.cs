using EmailTriage.Core.Tests.Support;
using EmailTriage.Evaluation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EmailTriage.Core.Tests.Evaluation;

/// <summary>The real composition root over a temp truth folder (one subfolder per label) and the standard test labels.</summary>
public sealed class EvalHarness : IDisposable
{
    private readonly TempWorkspace _workspace = new();
    private readonly ServiceProvider _services;

    public EvalHarness(Uri? llmBaseUrl, params (string Key, string? Value)[] settings)
        : this(llmBaseUrl, null, settings)
    {
    }

    public EvalHarness(Uri? llmBaseUrl, Action<IServiceCollection>? services, params (string Key, string? Value)[] settings)
    {
        _workspace.Write("config/labels.json", TestLabels.Json);
        var values = new Dictionary<string, string?>
        {
            ["LLM_MODEL"] = "test-model",
            ["LLM_MAX_RETRIES"] = "0",
            ["LABEL_CONFIG_FILE"] = "config/labels.json",
            ["LLM_BASE_URL"] = llmBaseUrl?.ToString(),
        };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var collection = new ServiceCollection().AddEmailTriage(configuration, _workspace.Root).AddLlm().AddLogging();
        services?.Invoke(collection);
        _services = collection.BuildServiceProvider();
    }

    public string Truth => _workspace.PathOf("truth");

    public EvalRunner Runner => ActivatorUtilities.CreateInstance<EvalRunner>(_services);

    public void Add(string relative, Eml message) => _workspace.Write(Path.Combine("truth", relative), message.ToBytes());

    public Task<EvalSet> LoadAsync(int? sample = null) =>
        EvalSet.LoadAsync(new LabelledFolderMailbox(Truth), TestLabels.Standard, sample, 42, TestContext.Current.CancellationToken);

    public void Dispose()
    {
        _services.Dispose();
        _workspace.Dispose();
    }
}
