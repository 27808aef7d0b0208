using EmailTriage.Labels;

namespace EmailTriage.Evaluation;

/// <summary>
/// Mail whose right label is known (a folder per label, or the labels of Gmail messages). It is only read:
/// evaluation never changes a mailbox.
/// </summary>
public interface ILabelledMailbox
{
    /// <summary>Says what this is, for reports: "labelled folder samples/labelled".</summary>
    string Description { get; }

    /// <summary>
    /// Every labelled message, with its truth as the mailbox spells it; the evaluator checks each truth against
    /// the configured labels. <paramref name="labels"/> says which labels to look for where the source needs to know.
    /// </summary>
    IAsyncEnumerable<LabelledMessage> ListAsync(LabelConfig labels, CancellationToken cancellationToken);

    /// <summary>After listing, what the truth left out and why (so a small set is not mistaken for a good one), or null.</summary>
    string? Note => null;
}
