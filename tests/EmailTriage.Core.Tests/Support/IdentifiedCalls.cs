using EmailTriage.Mailboxes;
using EmailTriage.State;
using EmailTriage.Triage;

namespace EmailTriage.Core.Tests.Support;

/// <summary>State stores and locks as a test asks for them: by the mailbox alone, which says what it is first, as the runner does once per run.</summary>
internal static class IdentifiedCalls
{
    public static async Task<IStateStore> ForAsync(this IStateStores stores, IMailbox mailbox, CancellationToken cancellationToken) =>
        await stores.ForAsync(mailbox, await mailbox.IdentifyAsync(cancellationToken), cancellationToken);

    public static async Task<IHeldLock> AcquireAsync(this IMailboxLocks locks, IMailbox mailbox, CancellationToken cancellationToken) =>
        await locks.AcquireAsync(mailbox, await mailbox.IdentifyAsync(cancellationToken), cancellationToken);
}
