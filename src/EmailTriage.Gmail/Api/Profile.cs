using Google.Apis.Requests;
using Newtonsoft.Json;

namespace EmailTriage.Gmail.Api;

internal sealed class Profile : IDirectResponseSchema
{
    [JsonProperty("emailAddress")]
    public string? EmailAddress { get; set; }

    /// <summary>The mailbox's current history id: where users.history.list starts next time.</summary>
    [JsonProperty("historyId")]
    public ulong? HistoryId { get; set; }

    [JsonIgnore]
    public string? ETag { get; set; }
}
