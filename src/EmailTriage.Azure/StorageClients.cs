using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace EmailTriage.Azure;

/// <summary>
/// The one place that turns EMAILTRIAGE_STORAGE into clients, so the state store, and later the leases and queues,
/// share one account and one way of signing in.
/// </summary>
public sealed class StorageClients(IOptions<StorageOptions> options)
{
    private readonly Lazy<BlobServiceClient> _blobs = new(() => CreateBlobs(options.Value));

    public BlobServiceClient Blobs => _blobs.Value;

    /// <summary>The container of every mailbox's state (EMAILTRIAGE_STATE_CONTAINER), which may not exist yet.</summary>
    public BlobContainerClient StateContainer => Blobs.GetBlobContainerClient(options.Value.StateContainer);

    private static BlobServiceClient CreateBlobs(StorageOptions options)
    {
        if (!StorageAccount.TryParse(options.Account, out var account, out var problem))
        {
            throw new OptionsValidationException(StorageOptions.SettingName, typeof(StorageOptions), [problem]);
        }

        return account.ConnectionString is { } connectionString
            ? new BlobServiceClient(connectionString)
            : new BlobServiceClient(account.BlobEndpoint, Credential(options));
    }

    // Azure: the user-assigned identity (Azure picks none by itself when an app has several or only user-assigned ones).
    // A Mac: az login, Visual Studio Code, or environment credentials, whichever DefaultAzureCredential finds first.
    private static DefaultAzureCredential Credential(StorageOptions options) => new(new DefaultAzureCredentialOptions
    {
        ManagedIdentityClientId = string.IsNullOrWhiteSpace(options.ManagedIdentityClientId) ? null : options.ManagedIdentityClientId.Trim(),
    });
}
