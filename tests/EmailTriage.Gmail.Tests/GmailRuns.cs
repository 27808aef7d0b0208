using EmailTriage.Gmail.Tests.Filing;
using EmailTriage.Labels;
using EmailTriage.Mailboxes;
using EmailTriage.State;

namespace EmailTriage.Gmail.Tests;

/// <summary>Opening a Gmail mailbox for a run as most tests want it: a state store in memory unless the test keeps one.</summary>
internal static class GmailRuns
{
    public static Task<GmailSession> OpenAsync(this GmailMailbox mailbox, LabelConfig labels, bool dryRun, CancellationToken cancellationToken, IStateStore? state = null) =>
        mailbox.OpenAsync(new MailboxRun(labels, dryRun, state ?? new MemoryStateStore()), cancellationToken);
}
