using EmailTriage.State;

namespace EmailTriage.Filing;

/// <summary>
/// A mailbox session that can tell what the user filed or corrected since the last run (Gmail's history, hand-written
/// lines of a folder's label record). The cursor lives in the mailbox's state store and only moves on commit, after
/// what was read is learned and saved, so a kill in between reads it again (learning it twice changes nothing).
/// </summary>
public interface IFilingFeedback
{
    IAsyncEnumerable<FilingEvent> ReadFilingAsync(IStateStore state, CancellationToken cancellationToken);

    /// <summary>Moves the cursor past everything <see cref="ReadFilingAsync"/> returned.</summary>
    Task CommitFilingAsync(IStateStore state, CancellationToken cancellationToken);
}
