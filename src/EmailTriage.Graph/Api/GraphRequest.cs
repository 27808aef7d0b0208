using System.Text.Json.Nodes;

namespace EmailTriage.Graph.Api;

/// <summary>
/// One Graph call: a path relative to the API root (<c>me/messages/{id}</c>) or an absolute link Graph handed out (a
/// delta's next or delta link), a JSON body, and its own headers (If-Match, Prefer), which a $batch part carries too.
/// </summary>
internal sealed record GraphRequest(HttpMethod Method, string Url, JsonNode? Body = null, IReadOnlyDictionary<string, string>? Headers = null)
{
    public static GraphRequest Get(string url, IReadOnlyDictionary<string, string>? headers = null) => new(HttpMethod.Get, url, null, headers);

    public static GraphRequest Patch(string url, JsonNode body, string? ifMatch) =>
        new(HttpMethod.Patch, url, body, ifMatch is null ? null : new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["If-Match"] = ifMatch });

    public static GraphRequest Post(string url, JsonNode body) => new(HttpMethod.Post, url, body);

    /// <summary>What a log line may say of it: the method and the path, without the query (no ids beyond the path).</summary>
    public string Describe()
    {
        var path = Url.Split('?')[0];
        return $"{Method} {path}";
    }
}
