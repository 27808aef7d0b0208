using System.Text.Json.Serialization;

namespace EmailTriage.Gmail.Filing;

/// <summary>
/// What <c>gmail-history.json</c> holds: the history id to read users.history.list from next (a string, as Gmail
/// writes uint64), and the label each triaged message was last known to carry, oldest first.
/// </summary>
internal sealed record GmailFilingState(
    [property: JsonPropertyName("historyId")] string HistoryId,
    [property: JsonPropertyName("applied")] IReadOnlyList<GmailAppliedLabel>? Applied);

[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(GmailFilingState))]
internal sealed partial class GmailFilingStateJsonContext : JsonSerializerContext;
