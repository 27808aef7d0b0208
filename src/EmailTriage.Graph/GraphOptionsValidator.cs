using System.Net;
using Microsoft.Extensions.Options;

namespace EmailTriage.Graph;

/// <summary>
/// Checks the GRAPH_* settings that are given, on start. Missing ones are not an error here (most users never use Graph);
/// <see cref="GraphMailboxFactory.Check"/> says what is missing when a Graph mailbox is asked for.
/// </summary>
internal sealed class GraphOptionsValidator : IValidateOptions<GraphOptions>
{
    private static readonly string[] AnyTenant = ["common", "organizations", "consumers"];

    public ValidateOptionsResult Validate(string? name, GraphOptions options)
    {
        var failures = new List<string>();
        var auth = GraphAuthNames.Parse(options.Auth);
        if (auth is null)
        {
            failures.Add($"GRAPH_AUTH '{options.Auth}' is not one of {GraphAuthNames.Allowed}. Remove the setting to sign in with a device code (see docs/graph_setup.md).");
        }

        if (GraphLabelModeNames.Parse(options.LabelsAs) is null)
        {
            failures.Add($"GRAPH_LABELS_AS '{options.LabelsAs}' is not one of {GraphLabelModeNames.Allowed}. Remove the setting to apply labels as Outlook categories.");
        }

        if (!string.IsNullOrWhiteSpace(options.ClientId) && !Guid.TryParse(options.ClientId.Trim(), out _))
        {
            failures.Add($"GRAPH_CLIENT_ID '{options.ClientId}' is not an application (client) id. Copy the GUID from your app registration's Overview page in the Entra admin center.");
        }

        if (!Uri.TryCreate(options.EffectiveApiBaseUrl, UriKind.Absolute, out var api) || (api.Scheme != Uri.UriSchemeHttps && api.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"GRAPH_API_BASE_URL '{options.ApiBaseUrl}' is not an http(s) URL. Remove the setting to use {GraphOptions.DefaultApiBaseUrl}.");
        }
        else if (api.Scheme == Uri.UriSchemeHttp && !IsLoopback(api.Host))
        {
            failures.Add($"GRAPH_API_BASE_URL '{options.ApiBaseUrl}' would send the access token unencrypted; http is allowed only for a loopback host (a test server). Use https.");
        }

        if (auth == GraphAuth.AppRegistration)
        {
            if (string.IsNullOrWhiteSpace(options.ClientId))
            {
                failures.Add("GRAPH_AUTH app-registration needs GRAPH_CLIENT_ID: the application (client) id of the app registration that holds Mail.ReadWrite in the mailbox's tenant.");
            }

            if (AnyTenant.Contains(options.EffectiveTenant, StringComparer.OrdinalIgnoreCase))
            {
                failures.Add($"GRAPH_AUTH app-registration needs GRAPH_TENANT set to the mailbox's tenant (its id or domain, such as contoso.onmicrosoft.com), not '{options.EffectiveTenant}'.");
            }
        }

        if (options.SinceDays is < 1 or > 3650)
        {
            failures.Add($"GRAPH_SINCE_DAYS must be between 1 and 3650 (was {options.SinceDays}). Remove the setting to look at the last {GraphOptions.DefaultSinceDays} days on the first run.");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            failures.Add($"GRAPH_MAX_RETRIES must be between 0 and 10 (was {options.MaxRetries}). Remove the setting to use {Api.GraphRetryPolicy.DefaultMaxRetries}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
