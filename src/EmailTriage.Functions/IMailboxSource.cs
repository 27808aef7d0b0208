using EmailTriage.Mailboxes;

namespace EmailTriage.Functions;

/// <summary>The mailbox this host triages (Gmail), opened per run so a request can narrow the query.</summary>
public interface IMailboxSource
{
    /// <param name="query">A mailbox search that replaces the configured one (TRIAGE_QUERY) for this run, or null.</param>
    Task<IMailbox> OpenAsync(string? query, CancellationToken cancellationToken);
}
