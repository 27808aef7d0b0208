using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace EmailTriage.Azure;

/// <summary>
/// The one place that turns EMAILTRIAGE_STORAGE into clients, so the state store, and later the leases and queues,
/// share one account and one way of signing in.
/// </summary>
public sealed class StorageClients
{
    private readonly IOptions<StorageOptions> _options;
    private readonly Lazy<BlobServiceClient> _blobs;
    private readonly Lazy<QueueServiceClient> _queues;

    public StorageClients(IOptions<StorageOptions> options)
        : this(options, new BlobClientOptions())
    {
    }

    /// <param name="clientOptions">The SDK's retries and timeouts; its defaults (several retries with back-off) outside tests.</param>
    internal StorageClients(IOptions<StorageOptions> options, BlobClientOptions clientOptions)
    {
        _options = options;
        _blobs = new(() => CreateBlobs(options.Value, clientOptions));
        _queues = new(() => CreateQueues(options.Value));
    }

    /// <summary>The queue of mailbox names (EMAILTRIAGE_QUEUE), which may not exist yet.</summary>
    public QueueClient MailboxQueue => _queues.Value.GetQueueClient(_options.Value.Queue);

    public BlobServiceClient Blobs => _blobs.Value;

    /// <summary>The container of every mailbox's state (EMAILTRIAGE_STATE_CONTAINER), which may not exist yet.</summary>
    public BlobContainerClient StateContainer => Blobs.GetBlobContainerClient(_options.Value.StateContainer);

    private static BlobServiceClient CreateBlobs(StorageOptions options, BlobClientOptions clientOptions)
    {
        if (!StorageAccount.TryParse(options.Account, out var account, out var problem))
        {
            throw new OptionsValidationException(StorageOptions.SettingName, typeof(StorageOptions), [problem]);
        }

        return account.ConnectionString is { } connectionString
            ? new BlobServiceClient(connectionString, clientOptions)
            : new BlobServiceClient(account.BlobEndpoint, Credential(options), clientOptions);
    }

    // The Functions queue trigger reads messages as base64 (host.json messageEncoding, its default), so they are sent so.
    private static QueueServiceClient CreateQueues(StorageOptions options)
    {
        if (!StorageAccount.TryParse(options.Account, out var account, out var problem))
        {
            throw new OptionsValidationException(StorageOptions.SettingName, typeof(StorageOptions), [problem]);
        }

        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        return account.ConnectionString is { } connectionString
            ? new QueueServiceClient(connectionString, queueOptions)
            : new QueueServiceClient(account.QueueEndpoint, Credential(options), queueOptions);
    }

    // Azure: the user-assigned identity (Azure picks none by itself when an app has several or only user-assigned ones).
    // A Mac: az login, Visual Studio Code, or environment credentials, whichever DefaultAzureCredential finds first.
    private static DefaultAzureCredential Credential(StorageOptions options) => new(new DefaultAzureCredentialOptions
    {
        ManagedIdentityClientId = string.IsNullOrWhiteSpace(options.ManagedIdentityClientId) ? null : options.ManagedIdentityClientId.Trim(),
    });
}
