using Azure;
using Azure.Storage.Blobs;
using EmailTriage.State;

namespace EmailTriage.Azure;

/// <summary>
/// One mailbox's state as blobs <c>&lt;mailbox key&gt;/&lt;item name&gt;</c> in the state container. An upload with
/// overwrite replaces a blob whole when it commits (one Put Blob, or a block list committed at once), so a reader
/// sees the old item or the new one; a download is one consistent version, re-read with the same ETag if it breaks off.
/// </summary>
internal sealed class BlobStateStore(BlobContainerClient container, string key) : IStateStore
{
    public string Key { get; } = key;

    public string Description => $"blob container {container.Name} in storage account {container.AccountName}, prefix {Key}/";

    public async Task<Stream?> OpenReadAsync(string name, CancellationToken cancellationToken)
    {
        var blob = BlobOf(name);
        try
        {
            var download = await blob.DownloadStreamingAsync(cancellationToken: cancellationToken);
            return download.Value.Content;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // BlobNotFound, or ContainerNotFound if someone deleted it: either way the item was never written here.
            return null;
        }
        catch (Exception ex) when (StorageFailures.Is(ex))
        {
            throw StorageFailures.From(ex, $"reading state item '{name}'", Description);
        }
    }

    public async Task WriteAsync(string name, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var blob = BlobOf(name);
        try
        {
            await blob.UploadAsync(content, overwrite: true, cancellationToken);
        }
        catch (Exception ex) when (StorageFailures.Is(ex))
        {
            throw StorageFailures.From(ex, $"writing state item '{name}'", Description);
        }
    }

    private BlobClient BlobOf(string name)
    {
        // The same rule as the folder store, so an item name works in both and cannot reach another mailbox's prefix.
        if (string.IsNullOrEmpty(name) || name.IndexOfAny(['/', '\\']) >= 0 || name is "." or "..")
        {
            throw new ArgumentException($"'{name}' is not a state item name (one file name, no folders).", nameof(name));
        }

        return container.GetBlobClient($"{Key}/{name}");
    }
}
