namespace EmailTriage.State;

/// <summary>
/// One mailbox's own state beside its mail (the learned model, a mailbox's cursor): named items, each read whole and
/// replaced whole. A folder on this machine, or blobs in the app's storage account for the Functions host.
/// </summary>
public interface IStateStore
{
    /// <summary>Where the state is, for messages: "folder /mail/.emailtriage", "blob container state, prefix x/".</summary>
    string Description { get; }

    /// <summary>The item's content, or null when it was never written.</summary>
    Task<Stream?> OpenReadAsync(string name, CancellationToken cancellationToken);

    /// <summary>Replaces the item with all of <paramref name="content"/>: a reader sees the old or the new one, never a mix.</summary>
    Task WriteAsync(string name, Stream content, CancellationToken cancellationToken);

    /// <summary>
    /// Adds <paramref name="content"/> at the end of the item (creating it), durably before it returns, for logs written
    /// a line at a time. A store without appends of its own rewrites the item whole.
    /// </summary>
    async Task AppendAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        using var whole = new MemoryStream();
        await using (var old = await OpenReadAsync(name, cancellationToken))
        {
            if (old is not null)
            {
                await old.CopyToAsync(whole, cancellationToken);
            }
        }

        await whole.WriteAsync(content, cancellationToken);
        whole.Position = 0;
        await WriteAsync(name, whole, cancellationToken);
    }

    /// <summary>The names of the items that start with <paramref name="prefix"/>, in no particular order.</summary>
    IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{Description} cannot list its items.");

    /// <summary>Removes the item; nothing happens when it is not there.</summary>
    Task DeleteAsync(string name, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{Description} cannot delete items.");
}
