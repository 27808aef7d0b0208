using System.Globalization;
using EmailTriage.Filing;
using EmailTriage.Labels;
using EmailTriage.Mail;

namespace EmailTriage.Classification;

/// <summary>
/// The classifier chain: unreadable mail gets the fallback, rules decide for free, the model learned from the user's
/// filing decides when it is sure enough (above the gate measured on held-out mail), the LLM decides the rest.
/// </summary>
internal sealed class MessageClassifier(LabelConfig labels, LlmClassifier? llm, IFilingModel? learned = null)
{
    private readonly RuleClassifier _rules = new(labels);

    public LabelConfig Labels => labels;

    public bool HasLlm => llm is not null;

    public IFilingModel? Learned => learned;

    public async Task<Decision> ClassifyAsync(MailMessage message, CancellationToken cancellationToken)
    {
        if (message.Problem is { } problem && message.Subject.Length == 0 && message.FromAddress.Length == 0 && message.Body.Length == 0)
        {
            return labels.Fallback is { } fallback
                ? new Decision(fallback, DecisionSource.Fallback, $"message could not be read: {problem}")
                : Decision.Failed($"message could not be read: {problem}");
        }

        if (_rules.Classify(message) is { } byRule)
        {
            return byRule;
        }

        var guess = learned?.Guess(message);
        if (guess is { Decided: true } && labels.Canonical(guess.Label) is { } known)
        {
            return new Decision(known, DecisionSource.Learned, $"learned: {guess.Evidence}, confidence {Format(guess.Confidence)}");
        }

        return llm is null
            ? Decision.Deferred(guess is null
                ? "left for an LLM: LLM_BASE_URL is not set"
                : $"left for an LLM: the learned model is not sure enough ({guess.Label} at {Format(guess.Confidence)}, gate {Format(guess.Gate)}) and LLM_BASE_URL is not set")
            : await llm.ClassifyAsync(message, cancellationToken);
    }

    private static string Format(double confidence) =>
        double.IsFinite(confidence) ? confidence.ToString("0.00", CultureInfo.InvariantCulture) : "closed";
}
