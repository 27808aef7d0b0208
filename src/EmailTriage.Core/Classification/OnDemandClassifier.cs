using EmailTriage.Configuration;
using EmailTriage.Filing;
using EmailTriage.Labels;
using EmailTriage.Mail;
using EmailTriage.Mailboxes;
using EmailTriage.State;
using Microsoft.Extensions.Options;

namespace EmailTriage.Classification;

/// <summary>
/// Classifies one message given as parts (CLI <c>classify</c>, <c>POST /api/classify</c>) through the same chain triage
/// uses: rules, then the learned model when one is given and sure enough, then the LLM; without an LLM the rest is
/// deferred, as triage defers it. The model is only read: asking never teaches or saves anything.
/// </summary>
public sealed class OnDemandClassifier(ClassifierFactory classifiers, IOptions<LlmOptions> llm, IFilingModels? models = null, MailboxCatalog? catalog = null, IStateStores? stores = null, LabelConfigLoader? labelLoader = null)
{
    /// <summary>
    /// As triage of <paramref name="mailbox"/> would decide it: with its label file and the learned model kept in its state
    /// store (when it has one; opened, never saved).
    /// </summary>
    public async Task<Decision> ClassifyInAsync(ClassifyRequest request, MailboxDefinition mailbox, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        if (catalog is null || stores is null || labelLoader is null)
        {
            throw new InvalidOperationException("Classifying in a mailbox needs the composition root (AddEmailTriage).");
        }

        var labels = mailbox.LabelFile is { } file ? LabelConfigLoader.LoadFile(file) : labelLoader.Load();
        IFilingModel? model = null;
        if (models is not null)
        {
            var opened = await catalog.OpenAsync(mailbox, cancellationToken);
            var store = await stores.ForAsync(opened, await opened.IdentifyAsync(cancellationToken), cancellationToken);
            model = await models.OpenAsync(store, IFilingModels.ModelName, labels, cancellationToken);
        }

        return await ClassifyAsync(request, labels, model, cancellationToken);
    }

    public async Task<Decision> ClassifyAsync(ClassifyRequest request, LabelConfig labels, IFilingModel? model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // The learned model reads more of the body than the LLM is sent, as in triage; the prompt cuts it to LLM_MAX_BODY_CHARS.
        var bodyChars = model is null ? llm.Value.MaxBodyChars : Math.Max(llm.Value.MaxBodyChars, models?.BodyChars ?? 0);
        var message = await new MailReader(bodyChars).ReadPartsAsync(request.Id, request.From, request.Subject, request.Body, cancellationToken);
        return await classifiers.Create(labels, model).ClassifyAsync(message, cancellationToken);
    }
}
