using EmailTriage.Mail;

namespace EmailTriage.Learning;

/// <summary>
/// The parts of a message that say where it is filed, as text the model featurises: who (sender address and
/// domain, recipients, list, as whole tokens), the sender address again as words, what (the subject without
/// reply prefixes) and the body text within the learner's body budget.
/// </summary>
internal sealed record FilingFeatures(string Who, string Sender, string Subject, string Body)
{
    public static FilingFeatures From(MailMessage message, int bodyChars)
    {
        var tokens = new List<string>();
        var sender = message.FromAddress;
        if (sender.Length > 0)
        {
            tokens.Add("from:" + sender);
            var at = sender.LastIndexOf('@');
            if (at >= 0 && at < sender.Length - 1)
            {
                tokens.Add("domain:" + sender[(at + 1)..]);
            }
        }

        foreach (var recipient in Recipients.Of(message))
        {
            tokens.Add("to:" + recipient);
        }

        if (!string.IsNullOrWhiteSpace(message.ListId))
        {
            tokens.Add("list:" + ListIdentity(message.ListId));
        }

        var body = message.Body.Length > bodyChars ? message.Body[..bodyChars] : message.Body;
        return new FilingFeatures(string.Join(' ', tokens), sender, SubjectThread.Normalise(message.Subject), body);
    }

    // "Team news <news.example.org>" -> "news.example.org": the part in angle brackets is the list's identity.
    private static string ListIdentity(string listId)
    {
        var open = listId.LastIndexOf('<');
        var close = listId.LastIndexOf('>');
        var id = open >= 0 && close > open ? listId[(open + 1)..close] : listId;
        return id.Trim().Replace(' ', '_').ToLowerInvariant();
    }
}
