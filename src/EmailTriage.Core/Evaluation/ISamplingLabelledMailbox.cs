using EmailTriage.Labels;

namespace EmailTriage.Evaluation;

/// <summary>
/// A labelled mailbox whose content is costly to read (Gmail: a call per message), so it takes the sample itself:
/// it lists every truth by id, chooses with <see cref="EvalSample.ChooseIds"/>, and reads only the chosen messages.
/// </summary>
public interface ISamplingLabelledMailbox : ILabelledMailbox
{
    /// <summary>The messages <paramref name="sample"/> and <paramref name="seed"/> choose (all when null), and how many there were to choose from.</summary>
    Task<LabelledSample> ListSampleAsync(LabelConfig labels, int? sample, int seed, CancellationToken cancellationToken);
}
