using System.Text;
using System.Text.Json.Serialization;

namespace EmailTriage.Gmail.Auth;

/// <summary>The OAuth client JSON Google Cloud offers for download (GMAIL_CREDENTIALS_FILE): <c>{"installed": {...}}</c>.</summary>
internal sealed record OAuthClientFile
{
    /// <summary>A "Desktop app" client, the kind this app needs.</summary>
    [JsonPropertyName("installed")]
    public OAuthClient? Installed { get; init; }

    /// <summary>A "Web application" client; works too when its redirect URIs allow loopback.</summary>
    [JsonPropertyName("web")]
    public OAuthClient? Web { get; init; }
}

internal sealed record OAuthClient
{
    [JsonPropertyName("client_id")]
    public string? ClientId { get; init; }

    [JsonPropertyName("client_secret")]
    public string? ClientSecret { get; init; }

    [JsonPropertyName("auth_uri")]
    public string? AuthUri { get; init; }

    [JsonPropertyName("token_uri")]
    public string? TokenUri { get; init; }

    // The record's generated ToString would print the client secret.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("ClientId = ").Append(ClientId)
            .Append(", ClientSecret = ").Append(SecretText.Mask(ClientSecret))
            .Append(", AuthUri = ").Append(AuthUri)
            .Append(", TokenUri = ").Append(TokenUri);
        return true;
    }
}

[JsonSerializable(typeof(OAuthClientFile))]
internal sealed partial class OAuthClientFileJsonContext : JsonSerializerContext;
