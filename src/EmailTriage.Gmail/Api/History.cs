using Newtonsoft.Json;

namespace EmailTriage.Gmail.Api;

/// <summary>The History schema: one change to the mailbox, which may touch several messages in several ways.</summary>
internal sealed class History
{
    [JsonProperty("id")]
    public ulong? Id { get; set; }

    [JsonProperty("labelsAdded")]
    public IList<HistoryLabelChange>? LabelsAdded { get; set; }

    [JsonProperty("labelsRemoved")]
    public IList<HistoryLabelChange>? LabelsRemoved { get; set; }

    [JsonProperty("messagesAdded")]
    public IList<HistoryMessageAdded>? MessagesAdded { get; set; }
}
