using EmailTriage.Watching;

namespace EmailTriage.Imap;

internal sealed partial class ImapMailbox
{
    /// <summary>IMAP IDLE on the triaged folder over a connection of its own; polling where the server has no IDLE.</summary>
    public IMailWaiter CreateWaiter(TimeSpan pollInterval, TimeProvider time) =>
        new ImapIdleWaiter(options, pollInterval, time, logger);
}
