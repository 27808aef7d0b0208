using EmailTriage.Mail;

namespace EmailTriage.Learning;

/// <summary>The To and Cc addresses of a message, lower case: who else a message went to says much about where it belongs.</summary>
internal static class Recipients
{
    // Cc is not part of MailMessage, only of its headers: a header may hold names with commas, so take what looks like an address.
    private const int MostCc = 10;

    public static IEnumerable<string> Of(MailMessage message)
    {
        foreach (var recipient in message.To.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            yield return recipient.ToLowerInvariant();
        }

        if (message.Header("Cc") is not { Length: > 0 } cc)
        {
            yield break;
        }

        var count = 0;
        foreach (var part in cc.Split([',', ';', ' ', '<', '>', '"'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.Contains('@', StringComparison.Ordinal) && count++ < MostCc)
            {
                yield return part.Trim('\'', '(', ')').ToLowerInvariant();
            }
        }
    }
}
