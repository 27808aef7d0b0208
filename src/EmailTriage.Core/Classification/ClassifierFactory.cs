using EmailTriage.Configuration;
using EmailTriage.Filing;
using EmailTriage.Labels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmailTriage.Classification;

/// <summary>Builds the classifier chain for a label set; one set of LLM connections per process, created on first use.</summary>
public sealed class ClassifierFactory(IOptions<LlmOptions> options, ILoggerFactory loggers, TimeProvider? time = null)
{
    private readonly Lazy<LlmProviders?> _providers = new(() => options.Value.IsConfigured ? LlmProviders.From(options.Value, loggers, time ?? TimeProvider.System) : null);

    /// <summary>The LLM servers (primary, and the fallback provider when set), or null when LLM_BASE_URL is not set.</summary>
    internal LlmProviders? Providers => _providers.Value;

    /// <summary>The first primary server's connection, or null when LLM_BASE_URL is not set.</summary>
    internal LlmConnection? Connection => Providers?.Primary.Servers[0].Connection;

    internal LlmProviders RequireProviders() => Providers ?? throw new SettingsException(LlmOptions.MissingBaseUrl);

    /// <summary>The connection, or a <see cref="SettingsException"/> saying how to configure one.</summary>
    internal LlmConnection RequireConnection() => Connection ?? throw new SettingsException(LlmOptions.MissingBaseUrl);

    internal MessageClassifier Create(LabelConfig labels, IFilingModel? learned = null) => new(labels, CreateLlm(labels), learned);

    /// <summary>The LLM step alone (no rules), or null when no LLM is configured.</summary>
    internal LlmClassifier? CreateLlm(LabelConfig labels) =>
        Providers is { } providers ? new LlmClassifier(providers, new PromptBuilder(labels, options.Value.MaxBodyChars), loggers.CreateLogger<LlmClassifier>()) : null;

    /// <summary>The LLM step on one server alone, for the health check of each.</summary>
    internal LlmClassifier CreateLlm(LabelConfig labels, LlmConnection connection) =>
        new(connection, new PromptBuilder(labels, options.Value.MaxBodyChars), loggers.CreateLogger<LlmClassifier>());
}
