using EmailTriage.Gmail;
using EmailTriage.Imap;
using EmailTriage.Mailboxes;
using Microsoft.Extensions.Options;

namespace EmailTriage.Functions;

/// <summary>The mailbox the MAILBOX setting names (gmail, the default, or imap), opened per run.</summary>
public sealed class FunctionsMailbox(IOptions<FunctionsOptions> options, GmailMailboxFactory gmail, ImapMailboxFactory imap)
{
    public bool IsImap => string.Equals(options.Value.Mailbox.Trim(), FunctionsOptions.ImapMailbox, StringComparison.OrdinalIgnoreCase);

    /// <param name="query">A Gmail search narrowing this run, or null; IMAP has none (callers refuse it first).</param>
    public async Task<IMailbox> CreateAsync(CancellationToken cancellationToken, string? query = null) =>
        IsImap ? imap.Create() : await gmail.CreateAsync(cancellationToken, query);
}
