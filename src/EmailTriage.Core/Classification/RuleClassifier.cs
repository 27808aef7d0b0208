using EmailTriage.Labels;
using EmailTriage.Mail;

namespace EmailTriage.Classification;

/// <summary>The rules from labels.json, in file order: the first label with a matching rule wins.</summary>
internal sealed class RuleClassifier(LabelConfig labels)
{
    public Decision? Classify(MailMessage message)
    {
        foreach (var label in labels.Labels)
        {
            foreach (var rule in label.Rules)
            {
                if (Matches(rule, message))
                {
                    return new Decision(label.Name, DecisionSource.Rule, $"rule: {rule}") { Rule = rule.ToString() };
                }
            }
        }

        return null;
    }

    public static bool Matches(LabelRule rule, MailMessage message) =>
        (rule.From is null || string.Equals(message.FromAddress, rule.From, StringComparison.OrdinalIgnoreCase)) &&
        (rule.Domain is null || IsInDomain(message.FromAddress, rule.Domain)) &&
        (rule.ListId is null || Contains(message.ListId, rule.ListId)) &&
        (rule.Subject is null || Contains(message.Subject, rule.Subject)) &&
        (rule.Header is null || (message.Header(rule.Header) is { } value && (rule.Contains is null || Contains(value, rule.Contains))));

    private static bool IsInDomain(string address, string domain)
    {
        var at = address.LastIndexOf('@');
        if (at < 0)
        {
            return false;
        }

        var senderDomain = address.AsSpan(at + 1);
        return senderDomain.Equals(domain, StringComparison.OrdinalIgnoreCase) ||
            (senderDomain.EndsWith(domain, StringComparison.OrdinalIgnoreCase) && senderDomain[^(domain.Length + 1)] == '.');
    }

    private static bool Contains(string? text, string part) =>
        text is not null && text.Contains(part, StringComparison.OrdinalIgnoreCase);
}
