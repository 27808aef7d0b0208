namespace EmailTriage.Watching;

/// <summary>A mailbox that can be told about new mail by its server (IMAP IDLE) instead of being asked at an interval.</summary>
public interface IWatchableMailbox
{
    /// <summary>A waiter of its own; <paramref name="pollInterval"/> is used where the server cannot push.</summary>
    IMailWaiter CreateWaiter(TimeSpan pollInterval, TimeProvider time);
}
