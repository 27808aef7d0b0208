using EmailTriage.Configuration;
using EmailTriage.Labels;
using EmailTriage.Mail;
using Microsoft.Extensions.Options;

namespace EmailTriage.Classification;

/// <summary>Classifies one message on request (CLI classify, HTTP classify): rules, then an LLM that must be configured.</summary>
public sealed class SingleMessageClassifier(ClassifierFactory classifiers, LabelConfigLoader labels, IOptions<LlmOptions> llm)
{
    public async Task<Decision> ClassifyAsync(ClassifyRequest request, CancellationToken cancellationToken)
    {
        var message = await new MailReader(llm.Value.MaxBodyChars).ReadPartsAsync(request.Id, request.From, request.Subject, request.Body, cancellationToken);
        return await ClassifyAsync(labels.Load(), message, cancellationToken);
    }

    internal async Task<Decision> ClassifyAsync(LabelConfig labelConfig, MailMessage message, CancellationToken cancellationToken)
    {
        if (new RuleClassifier(labelConfig).Classify(message) is { } byRule)
        {
            return byRule;
        }

        var llmClassifier = classifiers.CreateLlm(labelConfig) ?? throw new SettingsException(LlmOptions.MissingBaseUrl);
        return await llmClassifier.ClassifyAsync(message, cancellationToken);
    }
}
