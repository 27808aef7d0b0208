using Microsoft.Extensions.Configuration;

namespace EmailTriage.Gmail;

/// <summary>Gmail settings, by the names users know from the Python version.</summary>
public sealed class GmailOptions
{
    public const string DefaultTokenFile = "config/gmail_token.json";
    public const string DefaultCredentialsFile = "config/credentials.json";
    public const string DefaultQuery = "in:inbox newer_than:7d";

    /// <summary>The OAuth client JSON ("Desktop app") downloaded from Google Cloud; needed only to sign in.</summary>
    [ConfigurationKeyName("GMAIL_CREDENTIALS_FILE")]
    public string? CredentialsFile { get; set; } = DefaultCredentialsFile;

    /// <summary>The google-auth "authorized user" JSON written by <c>emailtriage auth gmail</c>.</summary>
    [ConfigurationKeyName("GMAIL_TOKEN_FILE")]
    public string TokenFile { get; set; } = DefaultTokenFile;

    /// <summary>For hosts without files: the refresh token, with <see cref="ClientId"/> and <see cref="ClientSecret"/>, instead of the token file.</summary>
    [ConfigurationKeyName("GMAIL_REFRESH_TOKEN")]
    public string? RefreshToken { get; set; }

    [ConfigurationKeyName("GMAIL_CLIENT_ID")]
    public string? ClientId { get; set; }

    [ConfigurationKeyName("GMAIL_CLIENT_SECRET")]
    public string? ClientSecret { get; set; }

    /// <summary>Where <see cref="RefreshToken"/> is exchanged; a token file names its own <c>token_uri</c>.</summary>
    [ConfigurationKeyName("GMAIL_TOKEN_URI")]
    public string? TokenUri { get; set; }

    [ConfigurationKeyName("GMAIL_USER")]
    public string User { get; set; } = "me";

    /// <summary>Where the Gmail API lives; tests and proxies point it elsewhere.</summary>
    [ConfigurationKeyName("GMAIL_API_BASE_URL")]
    public string ApiBaseUrl { get; set; } = Api.GmailApi.DefaultBaseUri;

    /// <summary>Which mail is a candidate; our own labels and the triaged marker are always excluded on top.</summary>
    [ConfigurationKeyName("TRIAGE_QUERY")]
    public string Query { get; set; } = DefaultQuery;

    /// <summary>How often a call that Gmail rate-limits or fails with 5xx is tried again, backing off each time.</summary>
    [ConfigurationKeyName("GMAIL_MAX_RETRIES")]
    public int MaxRetries { get; set; } = Http.GmailRetryPolicy.Default.MaxRetries;

    public Http.GmailRetryPolicy RetryPolicy => Http.GmailRetryPolicy.Default with { MaxRetries = MaxRetries };

    /// <summary>A copy that lists with <paramref name="query"/> instead (an on-demand run narrowing the search).</summary>
    public GmailOptions WithQuery(string query)
    {
        var copy = (GmailOptions)MemberwiseClone();
        copy.Query = query;
        return copy;
    }

    /// <summary>The API base with a trailing slash, which Google.Apis needs to join paths.</summary>
    public string EffectiveApiBaseUrl => ApiBaseUrl.Trim().EndsWith('/') ? ApiBaseUrl.Trim() : ApiBaseUrl.Trim() + "/";
}
