using Google.Apis.Requests;
using Newtonsoft.Json;

namespace EmailTriage.Gmail.Api;

/// <summary>One page of users.messages.list; <see cref="Messages"/> is absent, not empty, when nothing matches.</summary>
internal sealed class ListMessagesResponse : IDirectResponseSchema
{
    [JsonProperty("messages")]
    public IList<Message>? Messages { get; set; }

    [JsonProperty("nextPageToken")]
    public string? NextPageToken { get; set; }

    [JsonProperty("resultSizeEstimate")]
    public long? ResultSizeEstimate { get; set; }

    [JsonIgnore]
    public string? ETag { get; set; }
}
