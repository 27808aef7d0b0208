using EmailTriage.Configuration;
using EmailTriage.Labels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmailTriage.Classification;

/// <summary>Builds the classifier chain for a label set; one LLM connection per process, created on first use.</summary>
public sealed class ClassifierFactory(IOptions<LlmOptions> options, ILoggerFactory loggers)
{
    private readonly Lazy<LlmConnection?> _connection = new(() => options.Value.IsConfigured ? new LlmConnection(options.Value, loggers.CreateLogger<LlmConnection>()) : null);

    /// <summary>The LLM connection, or null when LLM_BASE_URL is not set.</summary>
    internal LlmConnection? Connection => _connection.Value;

    /// <summary>The connection, or a <see cref="SettingsException"/> saying how to configure one.</summary>
    internal LlmConnection RequireConnection() => Connection ?? throw new SettingsException(LlmOptions.MissingBaseUrl);

    internal MessageClassifier Create(LabelConfig labels) => new(labels, CreateLlm(labels));

    /// <summary>The LLM step alone (no rules), or null when no LLM is configured.</summary>
    internal LlmClassifier? CreateLlm(LabelConfig labels) =>
        Connection is { } connection ? new LlmClassifier(connection, new PromptBuilder(labels), loggers.CreateLogger<LlmClassifier>()) : null;
}
