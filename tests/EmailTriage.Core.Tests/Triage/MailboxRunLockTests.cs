using EmailTriage.Mailboxes;
using EmailTriage.Triage;
using Moq;

namespace EmailTriage.Core.Tests.Triage;

public sealed class MailboxRunLockTests
{
    [Fact]
    public void A_second_run_on_the_same_mailbox_is_refused_until_the_first_ends()
    {
        var mailbox = Mailbox($"folder /tmp/{Guid.NewGuid():N}");

        using (MailboxRunLock.Acquire(mailbox))
        {
            var refused = Assert.Throws<MailboxUnavailableException>(() => MailboxRunLock.Acquire(mailbox));
            Assert.Contains("Another triage run on this machine", refused.Message, StringComparison.Ordinal);
        }

        using var again = MailboxRunLock.Acquire(mailbox);
    }

    [Fact]
    public void Runs_on_different_mailboxes_do_not_wait_for_each_other()
    {
        using var first = MailboxRunLock.Acquire(Mailbox($"folder /tmp/{Guid.NewGuid():N}"));
        using var second = MailboxRunLock.Acquire(Mailbox($"folder /tmp/{Guid.NewGuid():N}"));
    }

    private static IMailbox Mailbox(string description) => Mock.Of<IMailbox>(m => m.Description == description);
}
