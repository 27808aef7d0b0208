using Newtonsoft.Json;

namespace EmailTriage.Gmail.Api;

/// <summary>The body of users.messages.batchModify.</summary>
internal sealed class BatchModifyMessagesRequest
{
    [JsonProperty("ids")]
    public IList<string>? Ids { get; set; }

    [JsonProperty("addLabelIds")]
    public IList<string>? AddLabelIds { get; set; }

    [JsonProperty("removeLabelIds")]
    public IList<string>? RemoveLabelIds { get; set; }
}
