using EmailTriage.Labels;
using EmailTriage.Mail;

namespace EmailTriage.Classification;

/// <summary>The classifier chain: unreadable mail gets the fallback, rules decide for free, the LLM decides the rest.</summary>
internal sealed class MessageClassifier(LabelConfig labels, LlmClassifier? llm)
{
    private readonly RuleClassifier _rules = new(labels);

    public LabelConfig Labels => labels;

    public bool HasLlm => llm is not null;

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

        return llm is null
            ? Decision.Deferred("left for an LLM: LLM_BASE_URL is not set")
            : await llm.ClassifyAsync(message, cancellationToken);
    }
}
