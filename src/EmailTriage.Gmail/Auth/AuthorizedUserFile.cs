using System.Text;
using System.Text.Json.Serialization;

namespace EmailTriage.Gmail.Auth;

/// <summary>
/// google-auth's "authorized user" JSON, as the Python version of this app wrote <c>config/gmail_token.json</c>:
/// the refresh token, the OAuth client it belongs to, where to refresh, and the last access token.
/// </summary>
internal sealed record AuthorizedUserFile
{
    [JsonPropertyName("type")]
    public string? Type { get; init; } = "authorized_user";

    [JsonPropertyName("client_id")]
    public string? ClientId { get; init; }

    [JsonPropertyName("client_secret")]
    public string? ClientSecret { get; init; }

    [JsonPropertyName("refresh_token")]
    public string? RefreshToken { get; init; }

    [JsonPropertyName("token_uri")]
    public string? TokenUri { get; init; }

    /// <summary>The last access token; may be stale, then it is refreshed before the first call.</summary>
    [JsonPropertyName("token")]
    public string? Token { get; init; }

    /// <summary>When <see cref="Token"/> expires; google-auth writes ISO 8601 UTC, e.g. <c>2026-11-25T17:21:17.123456Z</c>.</summary>
    [JsonPropertyName("expiry")]
    public string? Expiry { get; init; }

    [JsonPropertyName("scopes")]
    public IReadOnlyList<string>? Scopes { get; init; }

    [JsonPropertyName("universe_domain")]
    public string? UniverseDomain { get; init; }

    [JsonPropertyName("account")]
    public string? Account { get; init; }

    // The record's generated ToString would print the refresh token, the client secret and the access token.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Type = ").Append(Type)
            .Append(", ClientId = ").Append(ClientId)
            .Append(", ClientSecret = ").Append(SecretText.Mask(ClientSecret))
            .Append(", RefreshToken = ").Append(SecretText.Mask(RefreshToken))
            .Append(", TokenUri = ").Append(TokenUri)
            .Append(", Token = ").Append(SecretText.Mask(Token))
            .Append(", Expiry = ").Append(Expiry)
            .Append(", Scopes = [").AppendJoin(", ", Scopes ?? []).Append(']')
            .Append(", UniverseDomain = ").Append(UniverseDomain)
            .Append(", Account = ").Append(Account);
        return true;
    }
}

[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AuthorizedUserFile))]
internal sealed partial class AuthorizedUserFileJsonContext : JsonSerializerContext;
