using Google.Apis.Requests;
using Newtonsoft.Json;

namespace EmailTriage.Gmail.Api;

internal sealed class ListLabelsResponse : IDirectResponseSchema
{
    [JsonProperty("labels")]
    public IList<Label>? Labels { get; set; }

    [JsonIgnore]
    public string? ETag { get; set; }
}
