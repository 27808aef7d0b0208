namespace EmailTriage.Mailboxes;

/// <summary>One message to triage: its id, and how to read its RFC 822 bytes when the time comes.</summary>
public sealed record MailboxItem(string Id, Func<CancellationToken, Task<Stream>> OpenAsync)
{
    /// <summary>A message already fetched (a Gmail raw body, an IMAP PEEK): each open reads the same bytes again.</summary>
    public static MailboxItem FromBytes(string id, byte[] content) =>
        new(id, _ => Task.FromResult<Stream>(new MemoryStream(content, writable: false)));
}
