using System.Text.Json;

namespace EmailTriage.State;

/// <summary>Reads and writes <see cref="RunRecord.ItemName"/> through any <see cref="IStateStore"/>, file or blob alike.</summary>
public static class RunRecordItem
{
    public static async Task WriteAsync(IStateStore store, RunRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(record, RunRecordJsonContext.Default.RunRecord);
        await store.WriteAsync(RunRecord.ItemName, new MemoryStream(bytes), cancellationToken);
    }

    /// <summary>The last run, or null when none was recorded or the item cannot be read as one (an older or damaged item).</summary>
    public static async Task<RunRecord?> ReadAsync(IStateStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        await using var stream = await store.OpenReadAsync(RunRecord.ItemName, cancellationToken);
        if (stream is null)
        {
            return null;
        }

        try
        {
            return await JsonSerializer.DeserializeAsync(stream, RunRecordJsonContext.Default.RunRecord, cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
