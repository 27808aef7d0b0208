using System.Runtime.CompilerServices;
using EmailTriage.Filing;
using EmailTriage.Labels;
using EmailTriage.Mailboxes;
using EmailTriage.Triage;

namespace EmailTriage.Evaluation;

/// <summary>The chosen messages of an <see cref="EvalSet"/> as a mailbox the runner can work on; it refuses to be changed.</summary>
internal sealed class TruthMailbox(EvalSet set) : IMailbox, IMailboxSession
{
    public string Description => set.Description;

    public LabelWriting Writing => LabelWriting.EachDecision;

    public int? ListedCount => set.Messages.Count;

    public IReadOnlyCollection<MessageFailure> ListingFailures => [];

    public Task<string> IdentifyAsync(CancellationToken cancellationToken) => Task.FromResult($"eval {set.Description}");

    public IFilingFeedback? Filing => null;

    public Task<IMailboxSession> OpenAsync(MailboxRun run, CancellationToken cancellationToken) =>
        run.DryRun ? Task.FromResult<IMailboxSession>(this) : throw new InvalidOperationException("An evaluation mailbox is read-only; run it as a dry run.");

    public async IAsyncEnumerable<MailboxItem> ListNewAsync(int? max, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        foreach (var message in max is { } limit ? set.Messages.Take(limit) : set.Messages)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return message.Item;
        }
    }

    public Task<IReadOnlyCollection<string>> ApplyAsync(LabelGroup group, CancellationToken cancellationToken) =>
        throw new NotSupportedException("An evaluation mailbox is read-only; labels are never applied to it.");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
