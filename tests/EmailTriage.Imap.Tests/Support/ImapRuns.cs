using EmailTriage.Labels;
using EmailTriage.Mailboxes;
using EmailTriage.State;
using Microsoft.Extensions.DependencyInjection;

namespace EmailTriage.Imap.Tests.Support;

/// <summary>Opening an IMAP mailbox for a run the way the runner does: with the state store the host finds for it.</summary>
internal static class ImapRuns
{
    public static async Task<ImapSession> OpenAsync(this ImapMailbox mailbox, IServiceProvider services, LabelConfig labels, bool dryRun, CancellationToken cancellationToken) =>
        await mailbox.OpenAsync(new MailboxRun(labels, dryRun, await StateAsync(mailbox, services, cancellationToken)), cancellationToken);

    public static async Task<IStateStore> StateAsync(ImapMailbox mailbox, IServiceProvider services, CancellationToken cancellationToken) =>
        await services.GetRequiredService<IStateStores>().ForAsync(mailbox, await mailbox.IdentifyAsync(cancellationToken), cancellationToken);
}
