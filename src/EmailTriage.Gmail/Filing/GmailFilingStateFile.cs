using System.Globalization;
using System.Text.Json;
using EmailTriage.State;

namespace EmailTriage.Gmail.Filing;

/// <summary>Reads and writes <see cref="Name"/> in a mailbox's state store, whole.</summary>
internal static class GmailFilingStateFile
{
    public const string Name = "gmail-history.json";

    /// <summary>The stored state, or null when there is none; <see cref="InvalidDataException"/> when it cannot be read.</summary>
    public static async Task<(ulong HistoryId, GmailAppliedLabels Applied)?> ReadAsync(IStateStore store, CancellationToken cancellationToken)
    {
        await using var stream = await store.OpenReadAsync(Name, cancellationToken);
        if (stream is null)
        {
            return null;
        }

        GmailFilingState? state;
        try
        {
            state = await JsonSerializer.DeserializeAsync(stream, GmailFilingStateJsonContext.Default.GmailFilingState, cancellationToken);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{Name} in {store.Description} is not valid JSON ({ex.Message}).", ex);
        }

        if (state is null || !ulong.TryParse(state.HistoryId, NumberStyles.None, CultureInfo.InvariantCulture, out var historyId))
        {
            throw new InvalidDataException($"{Name} in {store.Description} has no history id.");
        }

        return (historyId, GmailAppliedLabels.From(state.Applied ?? []));
    }

    public static async Task WriteAsync(IStateStore store, ulong historyId, GmailAppliedLabels applied, CancellationToken cancellationToken)
    {
        var state = new GmailFilingState(historyId.ToString(CultureInfo.InvariantCulture), applied.Newest());
        using var content = new MemoryStream();
        await JsonSerializer.SerializeAsync(content, state, GmailFilingStateJsonContext.Default.GmailFilingState, cancellationToken);
        content.Position = 0;
        await store.WriteAsync(Name, content, cancellationToken);
    }
}
