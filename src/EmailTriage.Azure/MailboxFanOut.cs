using Azure;
using EmailTriage.Mailboxes;
using EmailTriage.Triage;
using Microsoft.Extensions.Logging;

namespace EmailTriage.Azure;

/// <summary>
/// The schedule's fan-out: one message per mailbox on EMAILTRIAGE_QUEUE, holding the mailbox's name and nothing else
/// (its settings and secrets stay in the app's settings), so each instance the queue scales out to triages one mailbox.
/// </summary>
internal sealed partial class MailboxFanOut(StorageClients clients, ILogger<MailboxFanOut> logger) : IMailboxFanOut
{
    public async Task<int> EnqueueAsync(IReadOnlyList<MailboxDefinition> mailboxes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mailboxes);
        var queue = clients.MailboxQueue;
        try
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            foreach (var mailbox in mailboxes)
            {
                await queue.SendMessageAsync(mailbox.Name, cancellationToken);
            }
        }
        catch (RequestFailedException ex)
        {
            throw new StorageException($"Could not put the mailboxes on queue {queue.Name} ({ex.Status} {ex.ErrorCode}). Check EMAILTRIAGE_STORAGE and that the app's identity has Storage Queue Data Contributor on the account.", ex);
        }

        LogEnqueued(logger, mailboxes.Count, queue.Name);
        return mailboxes.Count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Put {Count} mailboxes on queue {Queue}")]
    private static partial void LogEnqueued(ILogger logger, int count, string queue);
}
