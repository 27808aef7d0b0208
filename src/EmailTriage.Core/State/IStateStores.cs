using EmailTriage.Mailboxes;

namespace EmailTriage.State;

/// <summary>Finds each mailbox's state store: beside a folder mailbox, in this machine's state folder, or in Azure Storage.</summary>
public interface IStateStores
{
    /// <summary>The state store of the mailbox whose identity is <paramref name="identity"/> (<see cref="IMailbox.IdentifyAsync"/>).</summary>
    Task<IStateStore> ForAsync(IMailbox mailbox, string identity, CancellationToken cancellationToken);
}
