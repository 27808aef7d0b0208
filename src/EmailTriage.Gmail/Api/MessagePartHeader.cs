using Newtonsoft.Json;

namespace EmailTriage.Gmail.Api;

internal sealed class MessagePartHeader
{
    [JsonProperty("name")]
    public string? Name { get; set; }

    [JsonProperty("value")]
    public string? Value { get; set; }
}
