namespace EmailTriage.Triage;

/// <summary>
/// A mailbox lock that can be lost while held (a blob lease that can no longer be renewed): once <see cref="Lost"/>
/// is cancelled another run may be writing, so this run takes no new message and writes no further label.
/// </summary>
public interface IHeldLock : IAsyncDisposable
{
    CancellationToken Lost { get; }

    /// <summary>Why the lock was lost, for the run's stop reason; null while it is held.</summary>
    string? LostBecause { get; }
}
