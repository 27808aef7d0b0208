using Newtonsoft.Json;

namespace EmailTriage.Gmail.Api;

/// <summary>The MessagePart schema without bodies: triage reads content from <see cref="Message.Raw"/>.</summary>
internal sealed class MessagePart
{
    [JsonProperty("partId")]
    public string? PartId { get; set; }

    [JsonProperty("mimeType")]
    public string? MimeType { get; set; }

    [JsonProperty("filename")]
    public string? Filename { get; set; }

    [JsonProperty("headers")]
    public IList<MessagePartHeader>? Headers { get; set; }

    [JsonProperty("parts")]
    public IList<MessagePart>? Parts { get; set; }
}
