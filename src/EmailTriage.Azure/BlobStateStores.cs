using Azure.Storage.Blobs;
using EmailTriage.Mailboxes;
using EmailTriage.State;
using Microsoft.Extensions.Logging;

namespace EmailTriage.Azure;

/// <summary>
/// Every mailbox's state in one blob container of EMAILTRIAGE_STORAGE, each under the key of what the mailbox is
/// (the same key as on a machine), so the Functions host and a CLI on a Mac pointed at the same account share it.
/// </summary>
public sealed partial class BlobStateStores(StorageClients clients, ILogger<BlobStateStores> logger) : IStateStores
{
    private readonly Lock _gate = new();
    private Task<BlobContainerClient>? _container;

    public async Task<IStateStore> ForAsync(IMailbox mailbox, string identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        var container = await ContainerAsync().WaitAsync(cancellationToken);
        var store = new BlobStateStore(container, LocalStateStores.KeyOf(identity));
        LogStore(logger, store.Key, container.Name);
        return store;
    }

    private Task<BlobContainerClient> ContainerAsync()
    {
        lock (_gate)
        {
            // Once per process; a failed attempt (a wrong key, storage down) is not kept, so the next mailbox tries again.
            if (_container is null || _container.IsFaulted || _container.IsCanceled)
            {
                _container = CreateContainerAsync();
            }

            return _container;
        }
    }

    private async Task<BlobContainerClient> CreateContainerAsync()
    {
        var container = clients.StateContainer;
        try
        {
            // Shared by every caller, so no one caller's cancellation stops it; the SDK's own timeouts bound it.
            var created = await container.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None);
            if (created is not null)
            {
                LogCreated(logger, container.Name, container.AccountName);
            }

            return container;
        }
        catch (Exception ex) when (StorageFailures.Is(ex))
        {
            throw StorageFailures.From(ex, "creating the state container", $"blob container {container.Name} in storage account {container.AccountName}");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the state container {Container} in storage account {Account}")]
    private static partial void LogCreated(ILogger logger, string container, string account);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Mailbox state is under {Key}/ in blob container {Container}")]
    private static partial void LogStore(ILogger logger, string key, string container);
}
