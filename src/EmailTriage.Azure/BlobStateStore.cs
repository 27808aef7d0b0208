using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using EmailTriage.State;

namespace EmailTriage.Azure;

/// <summary>
/// One mailbox's state as blobs <c>&lt;mailbox key&gt;/&lt;item name&gt;</c> in the state container. An upload with
/// overwrite replaces a blob whole when it commits (one Put Blob, or a block list committed at once), so a reader
/// sees the old item or the new one; a download is one consistent version, re-read with the same ETag if it breaks off.
/// </summary>
internal sealed class BlobStateStore(BlobContainerClient container, string key) : IStateStore
{
    // Items this store has created as append blobs (one request saved per later append).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _appendable = new(StringComparer.Ordinal);

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

    public async Task AppendAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var blob = container.GetAppendBlobClient(BlobOf(name).Name);
        try
        {
            if (!_appendable.ContainsKey(name))
            {
                await blob.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
                _appendable.TryAdd(name, true);
            }

            // One Append Block is atomic: a reader sees the lines of this call whole or not at all.
            await blob.AppendBlockAsync(new MemoryStream(content.ToArray(), writable: false), cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (StorageFailures.Is(ex))
        {
            throw StorageFailures.From(ex, $"appending to state item '{name}'", Description);
        }
    }

    public async IAsyncEnumerable<string> ListAsync(string prefix, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pages = container.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{Key}/{prefix}", cancellationToken).AsPages();
        await using var enumerator = pages.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await enumerator.MoveNextAsync())
                {
                    yield break;
                }
            }
            catch (Exception ex) when (StorageFailures.Is(ex))
            {
                throw StorageFailures.From(ex, $"listing state items '{prefix}*'", Description);
            }

            foreach (var item in enumerator.Current.Values)
            {
                yield return item.Name[(Key.Length + 1)..];
            }
        }
    }

    public async Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await BlobOf(name).DeleteIfExistsAsync(cancellationToken: cancellationToken);
            _appendable.TryRemove(name, out _);
        }
        catch (Exception ex) when (StorageFailures.Is(ex))
        {
            throw StorageFailures.From(ex, $"deleting state item '{name}'", Description);
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
