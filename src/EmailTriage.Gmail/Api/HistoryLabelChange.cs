using Newtonsoft.Json;

namespace EmailTriage.Gmail.Api;

/// <summary>HistoryLabelAdded and HistoryLabelRemoved (the same shape): the labels added to or removed from one message.</summary>
internal sealed class HistoryLabelChange
{
    /// <summary>Id, thread id and the message's label ids.</summary>
    [JsonProperty("message")]
    public Message? Message { get; set; }

    [JsonProperty("labelIds")]
    public IList<string>? LabelIds { get; set; }
}
