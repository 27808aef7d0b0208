using Microsoft.Extensions.Configuration;

namespace EmailTriage.Graph;

/// <summary>Settings of the Outlook.com / Microsoft 365 mailbox over Microsoft Graph (GRAPH_*).</summary>
internal sealed class GraphOptions
{
    public const string Me = "me";
    public const string DefaultFolder = "inbox";
    public const string DefaultTenant = "common";
    public const string DefaultApiBaseUrl = "https://graph.microsoft.com/v1.0/";
    public const int DefaultSinceDays = 7;

    /// <summary>Whose mailbox: "me" (the signed-in person, device-code) or an address or user id (the app's own access).</summary>
    [ConfigurationKeyName("GRAPH_USER")]
    public string? User { get; set; }

    /// <summary>The folder whose new mail is triaged: a well-known name (inbox) or a folder path ("Clients/Acme").</summary>
    [ConfigurationKeyName("GRAPH_FOLDER")]
    public string? Folder { get; set; }

    /// <summary>categories (the default: a label is an Outlook category) or folders (a label is a folder the message moves to).</summary>
    [ConfigurationKeyName("GRAPH_LABELS_AS")]
    public string? LabelsAs { get; set; }

    /// <summary>device-code (the default), managed-identity or app-registration: see <see cref="GraphAuth"/>.</summary>
    [ConfigurationKeyName("GRAPH_AUTH")]
    public string? Auth { get; set; }

    /// <summary>The application (client) id of your Entra ID app registration (device-code, app-registration).</summary>
    [ConfigurationKeyName("GRAPH_CLIENT_ID")]
    public string? ClientId { get; set; }

    /// <summary>device-code: common (work, school and personal accounts), consumers, organizations or a tenant; app-registration: the mailbox's tenant.</summary>
    [ConfigurationKeyName("GRAPH_TENANT")]
    public string? Tenant { get; set; }

    /// <summary>
    /// device-code: keep the token cache in a plain file where the system has no keyring (Linux without libsecret). Off
    /// unless the user opts in: whoever can read the file can read the mailbox.
    /// </summary>
    [ConfigurationKeyName("GRAPH_UNENCRYPTED_TOKEN_CACHE")]
    public bool UnencryptedTokenCache { get; set; }

    /// <summary>Where Graph is (a national cloud, a proxy, a test server); with its version and a trailing slash.</summary>
    [ConfigurationKeyName("GRAPH_API_BASE_URL")]
    public string? ApiBaseUrl { get; set; }

    /// <summary>The first run looks at the folder's mail of the last this many days; later runs only at what changed.</summary>
    [ConfigurationKeyName("GRAPH_SINCE_DAYS")]
    public int SinceDays { get; set; } = DefaultSinceDays;

    /// <summary>How often a call Graph throttles (429) or fails with 5xx is tried again, backing off each time.</summary>
    [ConfigurationKeyName("GRAPH_MAX_RETRIES")]
    public int MaxRetries { get; set; } = Api.GraphRetryPolicy.DefaultMaxRetries;

    /// <summary>managed-identity and app-registration: the user-assigned identity's client id (the Function App sets it); none: system-assigned.</summary>
    [ConfigurationKeyName("AZURE_CLIENT_ID")]
    public string? ManagedIdentityClientId { get; set; }

    public string EffectiveUser => string.IsNullOrWhiteSpace(User) ? Me : User.Trim();

    public string EffectiveFolder => string.IsNullOrWhiteSpace(Folder) ? DefaultFolder : Folder.Trim().Trim('/');

    public GraphLabelMode EffectiveLabelMode => GraphLabelModeNames.Parse(LabelsAs) ?? GraphLabelMode.Categories;

    public GraphAuth EffectiveAuth => GraphAuthNames.Parse(Auth) ?? GraphAuth.DeviceCode;

    public string EffectiveTenant => string.IsNullOrWhiteSpace(Tenant) ? DefaultTenant : Tenant.Trim();

    public string EffectiveApiBaseUrl => string.IsNullOrWhiteSpace(ApiBaseUrl) ? DefaultApiBaseUrl : ApiBaseUrl.Trim().TrimEnd('/') + "/";

    /// <summary>
    /// True when GRAPH_CLIENT_ID or GRAPH_USER is given: the user means to use Graph. GRAPH_AUTH alone is not: the Azure
    /// deployment sets it (managed-identity) for every app, Graph or not.
    /// </summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(ClientId) || !string.IsNullOrWhiteSpace(User);

    /// <summary>An app's own access has no "me": it names the mailbox. A person's sign-in is "me".</summary>
    public bool IsAppOnly => EffectiveAuth != GraphAuth.DeviceCode;

    public Api.GraphRetryPolicy RetryPolicy => Api.GraphRetryPolicy.Default with { MaxRetries = MaxRetries };

    public GraphOptions Copy() => (GraphOptions)MemberwiseClone();
}

