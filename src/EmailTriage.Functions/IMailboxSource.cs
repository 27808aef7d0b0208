using EmailTriage.Mailboxes;

namespace EmailTriage.Functions;

/// <summary>The mailbox this host triages (Gmail in Azure), opened per run so a request can narrow the query.</summary>
public interface IMailboxSource
{
    /// <param name="query">A mailbox search that replaces the configured one for this run, or null.</param>
    IMailbox Open(string? query);
}
