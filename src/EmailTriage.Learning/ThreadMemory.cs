using EmailTriage.Mail;

namespace EmailTriage.Learning;

/// <summary>
/// Where each known thread went: by Message-ID (what In-Reply-To and References point at) and by normalised
/// subject, the newest filing winning, for replies and forwards whose headers were lost and for recurring subjects.
/// </summary>
internal sealed class ThreadMemory
{
    // A subject this short ("hi", "fyi") says nothing about the thread.
    private const int ShortestSubject = 4;

    public Dictionary<string, string> ByMessageId { get; init; } = new(StringComparer.Ordinal);

    public Dictionary<string, SenderFiling> BySubject { get; init; } = new(StringComparer.Ordinal);

    public void Remember(MailMessage message, string label)
    {
        if (MessageId(message) is { } id)
        {
            ByMessageId[id] = label;
        }

        var subject = SubjectThread.Normalise(message.Subject);
        var at = message.Date ?? DateTimeOffset.MinValue;
        if (subject.Length >= ShortestSubject && (!BySubject.TryGetValue(subject, out var known) || known.At <= at))
        {
            BySubject[subject] = new SenderFiling(label, at);
        }
    }

    public (string? Label, ThreadEvidence Evidence) Lookup(MailMessage message)
    {
        // The parent (In-Reply-To, then the last of References) is the closest relative; older ones follow.
        var references = Ids(message.Header("In-Reply-To")).Concat(Ids(message.Header("References")).Reverse());
        foreach (var reference in references)
        {
            if (ByMessageId.TryGetValue(reference, out var label))
            {
                return (label, ThreadEvidence.Reference);
            }
        }

        var subject = SubjectThread.Normalise(message.Subject, out var isReply);
        if (subject.Length >= ShortestSubject && BySubject.TryGetValue(subject, out var filing))
        {
            return (filing.Label, isReply ? ThreadEvidence.Subject : ThreadEvidence.SameSubject);
        }

        return (null, ThreadEvidence.None);
    }

    private static string? MessageId(MailMessage message) => Ids(message.Header("Message-ID")).FirstOrDefault();

    private static IEnumerable<string> Ids(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            yield break;
        }

        var start = header.IndexOf('<');
        if (start < 0)
        {
            yield return header.Trim();
            yield break;
        }

        while (start >= 0)
        {
            var end = header.IndexOf('>', start + 1);
            if (end < 0)
            {
                yield break;
            }

            yield return header[(start + 1)..end].Trim();
            start = header.IndexOf('<', end + 1);
        }
    }
}
