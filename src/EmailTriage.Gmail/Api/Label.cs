using Google.Apis.Requests;
using Newtonsoft.Json;

namespace EmailTriage.Gmail.Api;

/// <summary>The Label schema; colours and counts are left out because triage never reads them.</summary>
internal sealed class Label : IDirectResponseSchema
{
    public const string Show = "show";
    public const string Hide = "hide";
    public const string LabelShow = "labelShow";
    public const string LabelHide = "labelHide";

    [JsonProperty("id")]
    public string? Id { get; set; }

    [JsonProperty("name")]
    public string? Name { get; set; }

    /// <summary><c>show</c> or <c>hide</c>: whether messages show this label in the message list.</summary>
    [JsonProperty("messageListVisibility")]
    public string? MessageListVisibility { get; set; }

    /// <summary><c>labelShow</c>, <c>labelShowIfUnread</c> or <c>labelHide</c>: whether the label shows in the label list.</summary>
    [JsonProperty("labelListVisibility")]
    public string? LabelListVisibility { get; set; }

    /// <summary><c>system</c> (INBOX, SPAM, ...) or <c>user</c>.</summary>
    [JsonProperty("type")]
    public string? Type { get; set; }

    [JsonIgnore]
    public string? ETag { get; set; }
}
