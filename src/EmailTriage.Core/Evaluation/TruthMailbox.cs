using System.Runtime.CompilerServices;
using EmailTriage.Labels;
using EmailTriage.Mailboxes;

namespace EmailTriage.Evaluation;

/// <summary>The chosen messages of an <see cref="EvalSet"/> as a mailbox the runner can work on; it refuses to be changed.</summary>
internal sealed class TruthMailbox(EvalSet set) : IMailbox
{
    public string Description => set.Description;

    public Task PrepareAsync(LabelConfig labels, bool dryRun, CancellationToken cancellationToken) =>
        dryRun ? Task.CompletedTask : throw new InvalidOperationException("An evaluation mailbox is read-only; run it as a dry run.");

    public async IAsyncEnumerable<MailboxItem> ListNewAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        foreach (var message in set.Messages)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return message.Item;
        }
    }

    public Task<IReadOnlyCollection<string>> ApplyAsync(LabelGroup group, CancellationToken cancellationToken) =>
        throw new NotSupportedException("An evaluation mailbox is read-only; labels are never applied to it.");
}
