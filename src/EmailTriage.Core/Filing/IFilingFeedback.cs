namespace EmailTriage.Filing;

/// <summary>
/// What the user filed or corrected in a mailbox since the last run (Gmail's history, moves between IMAP label folders,
/// hand-written lines of a folder's label record), as a session offers it. The cursor lives in the state store the session
/// was opened with and only moves on commit, after what was read is learned and saved, so a kill in between reads it
/// again (learning it twice changes nothing).
/// </summary>
public interface IFilingFeedback
{
    IAsyncEnumerable<FilingEvent> ReadFilingAsync(CancellationToken cancellationToken);

    /// <summary>Moves the cursor past everything <see cref="ReadFilingAsync"/> returned.</summary>
    Task CommitFilingAsync(CancellationToken cancellationToken);
}
