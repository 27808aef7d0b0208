using EmailTriage.Labels;

namespace EmailTriage.Evaluation;

/// <summary>The messages one evaluation runs on, fixed once so that compared configurations see the same mail.</summary>
public sealed record EvalSet(string Description, IReadOnlyList<LabelledMessage> Messages, int Available, int? Sample, int Seed)
{
    /// <summary>
    /// Reads <paramref name="mailbox"/> and keeps <paramref name="sample"/> messages chosen by <paramref name="seed"/> (all when null);
    /// a <see cref="ISamplingLabelledMailbox"/> chooses before it reads any content.
    /// </summary>
    public static async Task<EvalSet> LoadAsync(ILabelledMailbox mailbox, LabelConfig labels, int? sample, int seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        var chosen = mailbox is ISamplingLabelledMailbox sampling
            ? await sampling.ListSampleAsync(labels, sample, seed, cancellationToken)
            : await ListAllAsync(mailbox, labels, sample, seed, cancellationToken);

        if (chosen.Available == 0)
        {
            throw new InvalidDataException(
                $"{mailbox.Description} holds no labelled messages. Put .eml files in one subfolder per label, e.g. Finance/invoice.eml (see docs/evaluation.md).");
        }

        return new EvalSet(mailbox.Description, [.. chosen.Messages.OrderBy(m => m.Item.Id, StringComparer.Ordinal)], chosen.Available, sample, seed);
    }

    /// <summary>
    /// The truth of every message by id, in the configured spelling of <paramref name="labels"/>; an
    /// <see cref="InvalidDataException"/> naming each truth that is not a configured label.
    /// </summary>
    public IReadOnlyDictionary<string, string> TruthsFor(LabelConfig labels)
    {
        var unknown = Messages.Select(m => m.Truth).Where(t => labels.Canonical(t) is null).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidDataException(
                $"{Description}: {string.Join(", ", unknown.Select(u => $"'{u}'"))} {(unknown.Count == 1 ? "is not a label" : "are not labels")} in {labels.SourcePath}. " +
                $"Rename the folder to one of: {string.Join(", ", labels.AllNames)}; or add the label to the label file.");
        }

        return Messages.ToDictionary(m => m.Item.Id, m => labels.Canonical(m.Truth)!, StringComparer.Ordinal);
    }

    private static async Task<LabelledSample> ListAllAsync(ILabelledMailbox mailbox, LabelConfig labels, int? sample, int seed, CancellationToken cancellationToken)
    {
        var all = new List<LabelledMessage>();
        await foreach (var message in mailbox.ListAsync(labels, cancellationToken))
        {
            all.Add(message);
        }

        return new LabelledSample(EvalSample.Choose(all, sample, seed), all.Count);
    }
}
