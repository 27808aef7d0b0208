using Google.Apis.Requests;
using Newtonsoft.Json;

namespace EmailTriage.Gmail.Api;

internal sealed class Profile : IDirectResponseSchema
{
    [JsonProperty("emailAddress")]
    public string? EmailAddress { get; set; }

    [JsonIgnore]
    public string? ETag { get; set; }
}
