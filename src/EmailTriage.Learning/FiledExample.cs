using EmailTriage.Mail;

namespace EmailTriage.Learning;

/// <summary>
/// One message the user filed or corrected, kept in the model so it can be retrained without reading the
/// mailbox again: its id, date and label, and what the model and the memories read of it (the body within the
/// learner's budget, the headers that tie it to its thread).
/// </summary>
internal sealed record FiledExample
{
    public required string Key { get; init; }

    public DateTimeOffset? Date { get; init; }

    public required string Label { get; init; }

    /// <summary>The user changed the app's label to this one, rather than filing it.</summary>
    public bool Corrected { get; init; }

    /// <summary>
    /// Learned from what the user did in the mailbox during a run (a filing or a correction), not read from filed mail by
    /// <c>learn</c>: <c>learn</c> run again keeps it, as the mailbox never offers it again. False in files written before it was kept (their corrections still count).
    /// </summary>
    public bool Taught { get; init; }

    public string FromAddress { get; init; } = string.Empty;

    public string To { get; init; } = string.Empty;

    public string? Cc { get; init; }

    public string? ListId { get; init; }

    public string Subject { get; init; } = string.Empty;

    public string Body { get; init; } = string.Empty;

    public string? MessageId { get; init; }

    public string? InReplyTo { get; init; }

    public string? References { get; init; }

    public static FiledExample From(MailMessage message, string label, bool corrected, int bodyChars, bool taught = false) => new()
    {
        Key = KeyOf(message),
        Date = message.Date,
        Label = label,
        Corrected = corrected,
        Taught = taught,
        FromAddress = message.FromAddress,
        To = message.To,
        Cc = message.Header("Cc"),
        ListId = message.ListId,
        Subject = message.Subject,
        Body = message.Body.Length > bodyChars ? message.Body[..bodyChars] : message.Body,
        MessageId = message.Header("Message-ID"),
        InReplyTo = message.Header("In-Reply-To"),
        References = message.Header("References"),
    };

    /// <summary>The message id names the message; without one, its Message-ID header, else what it says and when.</summary>
    public static string KeyOf(MailMessage message) =>
        message.Id.Length > 0 ? message.Id
        : message.Header("Message-ID") is { Length: > 0 } messageId ? messageId
        : $"{message.FromAddress}|{message.Date:O}|{message.Subject}";

    public MailMessage ToMessage()
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        Add(headers, "Message-ID", MessageId);
        Add(headers, "In-Reply-To", InReplyTo);
        Add(headers, "References", References);
        Add(headers, "Cc", Cc);
        return new MailMessage
        {
            Id = Key,
            FromAddress = FromAddress,
            From = FromAddress,
            To = To,
            ListId = ListId,
            Subject = Subject,
            Body = Body,
            Date = Date,
            Headers = headers,
        };
    }

    private static void Add(Dictionary<string, string> headers, string name, string? value)
    {
        if (value is not null)
        {
            headers[name] = value;
        }
    }
}
