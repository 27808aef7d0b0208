using EmailTriage.Configuration;
using EmailTriage.Evaluation;
using EmailTriage.Labels;
using EmailTriage.Mail;
using EmailTriage.State;
using Microsoft.Extensions.Options;

namespace EmailTriage.Filing;

/// <summary>
/// Training a learned model on mail the user already filed, the one way <c>learn</c>, eval's learned split and a
/// mailbox's first run share: filed mail read with the models' body budget, labels outside the label file counted and
/// kept out, the model trained and saved where triage finds it. Nothing is sent anywhere.
/// </summary>
public sealed class ModelTraining(IOptions<LlmOptions> llm, IFilingModels? models = null)
{
    /// <summary>The host's learned models (EmailTriage.Learning); a host without them cannot train.</summary>
    public IFilingModels Models => models ?? throw new InvalidOperationException("This host has no learning (call AddLearning in its composition root).");

    /// <summary>Whether this host can learn at all.</summary>
    public bool Available => models is not null;

    /// <summary>A reader that reads as much of each body as the models read (more than the LLM is sent).</summary>
    public MailReader Reader() => new(Math.Max(llm.Value.MaxBodyChars, Models.BodyChars));

    /// <summary>
    /// Filed mail as training examples, at most <paramref name="max"/> of them (the source lists newest first where it
    /// can); a truth that is not a configured label is counted in <see cref="FiledMail.OutsideLabels"/>, never trained on.
    /// </summary>
    public async Task<FiledMail> ReadAsync(IAsyncEnumerable<LabelledMessage> filed, LabelConfig labels, int? max, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filed);
        ArgumentNullException.ThrowIfNull(labels);
        var reader = Reader();
        var messages = new List<FiledMessage>();
        var outside = new SortedDictionary<string, int>(StringComparer.Ordinal);
        await foreach (var labelled in filed.WithCancellation(cancellationToken))
        {
            if (labels.Canonical(labelled.Truth) is not { } label)
            {
                outside[labelled.Truth] = outside.GetValueOrDefault(labelled.Truth) + 1;
                continue;
            }

            messages.Add(new FiledMessage(await reader.ReadAsync(labelled.Item, cancellationToken), label));
            if (messages.Count == max)
            {
                break;
            }
        }

        return new FiledMail(messages, outside);
    }

    /// <summary>
    /// Trains on <paramref name="mail"/> and saves the model as <paramref name="name"/> in <paramref name="store"/>, keeping
    /// what the user taught the model saved there before (see <see cref="IFilingModels.TrainKeepingAsync"/>).
    /// </summary>
    public async Task<IFilingModel> TrainAndSaveAsync(FiledMail mail, LabelConfig labels, IStateStore store, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var trained = await Models.TrainKeepingAsync(mail.Messages, labels, store, name, cancellationToken);
        await Models.SaveAsync(trained, store, name, cancellationToken);
        return trained;
    }
}

/// <summary>Filed mail read for training, and how many messages were filed under names that are not configured labels.</summary>
public sealed record FiledMail(IReadOnlyList<FiledMessage> Messages, IReadOnlyDictionary<string, int> OutsideLabels);
