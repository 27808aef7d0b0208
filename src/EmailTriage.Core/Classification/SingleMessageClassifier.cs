using EmailTriage.Configuration;
using EmailTriage.Filing;
using EmailTriage.Labels;
using EmailTriage.Mail;
using Microsoft.Extensions.Options;

namespace EmailTriage.Classification;

/// <summary>
/// Classifies one message on request (CLI classify, HTTP classify): rules, then the learned model when one is given and
/// sure enough, then an LLM, which must be configured unless a model is given.
/// </summary>
public sealed class SingleMessageClassifier(ClassifierFactory classifiers, LabelConfigLoader labels, IOptions<LlmOptions> llm)
{
    public LabelConfig Labels => labels.Load();

    public async Task<Decision> ClassifyAsync(ClassifyRequest request, CancellationToken cancellationToken)
    {
        var message = await new MailReader(llm.Value.MaxBodyChars).ReadPartsAsync(request.Id, request.From, request.Subject, request.Body, cancellationToken);
        return await ClassifyAsync(labels.Load(), message, cancellationToken);
    }

    public async Task<Decision> ClassifyAsync(ClassifyRequest request, IFilingModel? model, LabelConfig labelConfig, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (model is null)
        {
            return await ClassifyAsync(request, cancellationToken);
        }

        var message = await new MailReader(llm.Value.MaxBodyChars).ReadPartsAsync(request.Id, request.From, request.Subject, request.Body, cancellationToken);
        return await classifiers.Create(labelConfig, model).ClassifyAsync(message, cancellationToken);
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
