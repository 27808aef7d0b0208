using Google.Apis.Requests;
using Newtonsoft.Json;

namespace EmailTriage.Gmail.Api;

/// <summary>One page of users.history.list; <see cref="History"/> is absent when nothing changed.</summary>
internal sealed class ListHistoryResponse : IDirectResponseSchema
{
    [JsonProperty("history")]
    public IList<History>? History { get; set; }

    /// <summary>The mailbox's current history id: the cursor to keep once the last page is read.</summary>
    [JsonProperty("historyId")]
    public ulong? HistoryId { get; set; }

    [JsonProperty("nextPageToken")]
    public string? NextPageToken { get; set; }

    [JsonIgnore]
    public string? ETag { get; set; }
}
