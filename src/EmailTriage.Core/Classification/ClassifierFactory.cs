using EmailTriage.Configuration;
using EmailTriage.Filing;
using EmailTriage.Labels;
using EmailTriage.Mail;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmailTriage.Classification;

/// <summary>
/// Builds the classifier chain for a label set. The LLM servers are connected once per process, on first use, through
/// the transport the host registered (EmailTriage.Llm); without LLM_BASE_URL there are none and the chain defers.
/// </summary>
public sealed class ClassifierFactory(IOptions<LlmOptions> options, ILoggerFactory loggers, ILlmTransport? transport = null)
{
    private readonly Lazy<ILlmServers?> _servers = new(() => options.Value.IsConfigured
        ? (transport ?? throw new InvalidOperationException("LLM_BASE_URL is set but this host registered no LLM transport (call AddLlm in its composition root).")).Connect(options.Value)
        : null);

    /// <summary>The LLM servers (primary, and the fallback provider when set), or null when LLM_BASE_URL is not set.</summary>
    public ILlmServers? Servers => _servers.Value;

    /// <summary>The servers, or a <see cref="SettingsException"/> saying how to configure them.</summary>
    public ILlmServers RequireServers() => Servers ?? throw new SettingsException(LlmOptions.MissingBaseUrl);

    internal MessageClassifier Create(LabelConfig labels, IFilingModel? learned = null) => new(labels, CreateLlm(labels), learned);

    /// <summary>The LLM step alone (no rules), or null when no LLM is configured.</summary>
    internal LlmClassifier? CreateLlm(LabelConfig labels) => Servers is { } servers ? CreateLlm(labels, servers) : null;

    /// <summary>Asks <paramref name="servers"/> alone (one server of several, for the health check of each) for a label.</summary>
    public Task<Decision> ClassifyWithAsync(ILlmServers servers, LabelConfig labels, MailMessage message, CancellationToken cancellationToken) =>
        CreateLlm(labels, servers).ClassifyAsync(message, cancellationToken);

    private LlmClassifier CreateLlm(LabelConfig labels, ILlmServers servers) =>
        new(servers, new PromptBuilder(labels, options.Value.MaxBodyChars), loggers.CreateLogger<LlmClassifier>());
}
