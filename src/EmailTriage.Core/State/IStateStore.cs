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
}
