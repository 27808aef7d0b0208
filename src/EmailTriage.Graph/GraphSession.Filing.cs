using EmailTriage.Filing;

namespace EmailTriage.Graph;

/// <summary>What the user filed or corrected since the last run (see <see cref="Filing.GraphFilingFeedback"/>).</summary>
internal sealed partial class GraphSession : IFilingFeedback
{
    /// <summary>Null on a dry run: the cursors stay where they are.</summary>
    public IFilingFeedback? Filing => _dryRun ? null : this;

    public IAsyncEnumerable<FilingEvent> ReadFilingAsync(CancellationToken cancellationToken) => _feedback.ReadAsync(_store, cancellationToken);

    public Task CommitFilingAsync(CancellationToken cancellationToken) => _feedback.CommitAsync(_store, cancellationToken);
}
