namespace EmailTriage.Mail;

/// <summary>What the classifiers see of one message: a few headers and a short plain-text body.</summary>
public sealed record MailMessage
{
    public required string Id { get; init; }

    /// <summary>The sender as written, e.g. <c>Ana Ruiz &lt;ana@example.com&gt;</c>.</summary>
    public string From { get; init; } = string.Empty;

    /// <summary>The sender's address in lower case, or empty.</summary>
    public string FromAddress { get; init; } = string.Empty;

    public string To { get; init; } = string.Empty;

    public string Subject { get; init; } = string.Empty;

    public DateTimeOffset? Date { get; init; }

    public string? ListId { get; init; }

    /// <summary>All header fields by name (case-insensitive), first value wins; for header rules.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Plain text, HTML turned to text, quotes and signature trimmed, cut to the body budget.</summary>
    public string Body { get; init; } = string.Empty;

    public IReadOnlyList<string> Attachments { get; init; } = [];

    /// <summary>Why part of the message could not be read, or null when it parsed cleanly.</summary>
    public string? Problem { get; init; }

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
