using System.Diagnostics;
using EmailTriage.Classification;
using EmailTriage.Configuration;
using EmailTriage.Health;
using EmailTriage.Labels;
using EmailTriage.Mail;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmailTriage.Llm;

/// <summary>Is the LLM configured, does it answer, does it serve our model, and (full depth) can it classify.</summary>
internal sealed class LlmProbe(ClassifierFactory classifiers, LabelConfigLoader labels, IOptions<LlmOptions> options, ILoggerFactory loggers, TimeProvider time) : IHealthProbe
{
    private static readonly MailMessage Probe = new()
    {
        Id = "health-check",
        From = "Lakeside Bank <statements@bank.example>",
        FromAddress = "statements@bank.example",
        Subject = "Your November card statement is ready",
        Body = "Your statement for card ending 4242 is available. Amount due: $312.40 by December 15.",
    };

    public async Task<IReadOnlyList<HealthItem>> ProbeAsync(HealthCheckDepth depth, CancellationToken cancellationToken)
    {
        if (!options.Value.IsConfigured)
        {
            return [new HealthItem("llm", HealthStatus.BadConfiguration, LlmOptions.MissingBaseUrl)];
        }

        // Connections of its own: each server is asked on its own, outside the pools that triage shares.
        var providers = LlmProviders.From(options.Value, loggers, time);

        // Every primary server and every fallback server is checked on its own: one of several may be down.
        var items = new List<HealthItem>();
        var servers = providers.Servers.ToList();
        foreach (var server in servers)
        {
            var fallback = providers.Fallback?.Servers.Contains(server) == true;
            var name = servers.Count == 1 ? "llm" : $"llm{(fallback ? " fallback" : string.Empty)} {server.Name}";
            items.AddRange(await ProbeAsync(server.Connection, name, depth, cancellationToken));
        }

        return items;
    }

    private async Task<IReadOnlyList<HealthItem>> ProbeAsync(LlmConnection connection, string name, HealthCheckDepth depth, CancellationToken cancellationToken)
    {
        var items = new List<HealthItem>();
        try
        {
            var models = await connection.GetModelsAsync(cancellationToken);
            var kind = connection.Kind is { } known and not LlmServerKind.Unknown ? $" ({LlmServerNames.Display(known)})" : string.Empty;
            items.Add(new HealthItem(name, HealthStatus.Ok, $"{connection.DisplayEndpoint}{kind} answers and lists {models.Ids.Count} model(s)"));
            if (models.Ids.Count == 0)
            {
                items.Add(new HealthItem($"{name} model", HealthStatus.BadConfiguration, $"LLM_MODEL '{connection.Model}' cannot be served: {connection.Offered(models)}"));
                return items;
            }

            if (!models.Offers(connection.Model))
            {
                items.Add(new HealthItem($"{name} model", HealthStatus.Warning, $"LLM_MODEL '{connection.Model}' is not in that list: {string.Join(", ", models.Ids.Take(10))}{(models.Ids.Count > 10 ? ", ..." : string.Empty)}"));
            }

            if (depth == HealthCheckDepth.Full)
            {
                items.Add(await ClassifyAsync(connection, name, cancellationToken));
            }
        }
        catch (LlmException ex)
        {
            items.Add(new HealthItem(name, ex.Failure == LlmFailure.ModelNotFound ? HealthStatus.BadConfiguration : HealthStatus.Unavailable, ex.Message));
        }
        catch (LabelConfigException)
        {
            // The labels probe reports it.
        }

        return items;
    }

    private async Task<HealthItem> ClassifyAsync(LlmConnection connection, string name, CancellationToken cancellationToken)
    {
        var timer = Stopwatch.StartNew();
        var decision = await classifiers.ClassifyWithAsync(LlmProviders.Single(connection), labels.Load(), Probe, cancellationToken);
        var detail = $"test classification with {connection.Model}: {decision.Label ?? "(none)"} ({decision.Source.Name()}) " +
            $"in {timer.Elapsed.TotalSeconds:0.00} s, {decision.Usage.PromptTokens} prompt + {decision.Usage.CompletionTokens} completion tokens{decision.Usage.EstimatedNote}";
        return decision.Source == DecisionSource.Llm
            ? new HealthItem($"{name} classification", HealthStatus.Ok, detail)
            : new HealthItem($"{name} classification", HealthStatus.Warning, $"{detail}: {decision.Reason}");
    }
}
