using Newtonsoft.Json;

namespace EmailTriage.Gmail.Api;

/// <summary>HistoryMessageAdded: a message that arrived (or was sent or imported).</summary>
internal sealed class HistoryMessageAdded
{
    [JsonProperty("message")]
    public Message? Message { get; set; }
}
