using EmailTriage.Classification;
using EmailTriage.Configuration;
using EmailTriage.Evaluation;
using EmailTriage.Labels;
using EmailTriage.Mailboxes;
using EmailTriage.Triage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EmailTriage.Cli.Evaluation;

/// <summary>
/// One set of settings to evaluate (the current ones, or those overlaid with a --compare file), checked in full
/// when opened, so a mistake in either is reported before any LLM call is paid for.
/// </summary>
internal sealed class EvalConfiguration : IDisposable
{
    private readonly ServiceProvider _services;

    private EvalConfiguration(string name, ServiceProvider services, LabelConfig labels, TokenPrice? price)
    {
        Name = name;
        _services = services;
        Labels = labels;
        Price = price;
    }

    /// <summary>What the output calls these settings: "current" or the compared file's name.</summary>
    public string Name { get; }

    public LabelConfig Labels { get; }

    public TokenPrice? Price { get; }

    public static EvalConfiguration Open(string name, CliEnvironment environment, bool llmOptional = false)
    {
        var services = CliServices.Create(environment);
        try
        {
            // Without LLM_BASE_URL (or a learned model) there is nothing to evaluate: the SettingsException says how to set one.
            var llm = services.GetRequiredService<IOptions<LlmOptions>>().Value;
            if (!llmOptional || llm.IsConfigured)
            {
                _ = llm.Endpoint;
            }

            var labels = services.GetRequiredService<LabelConfigLoader>().Load();
            var settings = new ConfigurationBuilder().AddEmailTriageSettings(environment.WorkingDirectory, environment.Variables).Build();
            var price = (settings.Get<EvaluationOptions>() ?? new EvaluationOptions()).Price;
            return new EvalConfiguration(name, services, labels, price);
        }
        catch
        {
            services.Dispose();
            throw;
        }
    }

    public Task<EvalRun> RunAsync(EvalSet set, EvalLearning learning, IProgress<TriageProgress>? progress, CancellationToken cancellationToken) =>
        ActivatorUtilities.CreateInstance<EvalRunner>(_services).RunAsync(set, learning, progress, cancellationToken);

    /// <summary>The mail already filed in the mailbox <c>--mailbox</c> names, read only, as the truth; the bundled labelled examples by default.</summary>
    public async Task<(ILabelledMailbox Truth, string? Note)> OpenTruthAsync(string? mailbox, CancellationToken cancellationToken)
    {
        var (definition, sample) = MailboxChoice.Choose(mailbox, _services, Commands.EvalCommand.SampleMailbox);
        var truth = await _services.GetRequiredService<MailboxCatalog>().OpenLabelledAsync(definition, cancellationToken);
        return (truth, mailbox is null ? MailboxChoice.DefaultNote(_services, definition, truth.Description, sample, "evaluating", "the bundled labelled examples in") : null);
    }

    public void Dispose() => _services.Dispose();
}
