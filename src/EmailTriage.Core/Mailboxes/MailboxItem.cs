namespace EmailTriage.Mailboxes;

/// <summary>One message to triage: its id, and how to read its RFC 822 bytes when the time comes.</summary>
public sealed record MailboxItem(string Id, Func<CancellationToken, Task<Stream>> OpenAsync);
