using EmailTriage.Mailboxes;

namespace EmailTriage.State;

/// <summary>Finds each mailbox's state store: beside a folder mailbox, in this machine's state folder, or in Azure Storage.</summary>
public interface IStateStores
{
    Task<IStateStore> ForAsync(IMailbox mailbox, CancellationToken cancellationToken);
}
