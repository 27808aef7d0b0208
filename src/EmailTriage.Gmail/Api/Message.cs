using Google.Apis.Requests;
using Newtonsoft.Json;

namespace EmailTriage.Gmail.Api;

/// <summary>The Message schema: list answers fill only ids; get fills the rest according to its format.</summary>
internal sealed class Message : IDirectResponseSchema
{
    [JsonProperty("id")]
    public string? Id { get; set; }

    [JsonProperty("threadId")]
    public string? ThreadId { get; set; }

    [JsonProperty("labelIds")]
    public IList<string>? LabelIds { get; set; }

    [JsonProperty("snippet")]
    public string? Snippet { get; set; }

    [JsonProperty("historyId")]
    public ulong? HistoryId { get; set; }

    /// <summary>Milliseconds since the epoch when Gmail received the message.</summary>
    [JsonProperty("internalDate")]
    public long? InternalDate { get; set; }

    [JsonProperty("sizeEstimate")]
    public int? SizeEstimate { get; set; }

    /// <summary>The whole RFC 822 message, base64url, with format=raw.</summary>
    [JsonProperty("raw")]
    public string? Raw { get; set; }

    /// <summary>The parsed structure; with format=metadata only its headers.</summary>
    [JsonProperty("payload")]
    public MessagePart? Payload { get; set; }

    [JsonIgnore]
    public string? ETag { get; set; }
}
