using EmailTriage.Mailboxes;

namespace EmailTriage.Triage;

/// <summary>
/// The schedule's fan-out: one message per mailbox on a queue, so each host instance the queue scales out to triages one
/// mailbox (EmailTriage.Azure registers it when EMAILTRIAGE_STORAGE is set; without it mailboxes run in-process).
/// </summary>
public interface IMailboxFanOut
{
    /// <summary>Puts one message naming each mailbox (its name only, never its settings) on the queue; returns how many.</summary>
    Task<int> EnqueueAsync(IReadOnlyList<MailboxDefinition> mailboxes, CancellationToken cancellationToken);
}
