using Microsoft.Extensions.Options;

namespace EmailTriage.Gmail;

internal sealed class GmailOptionsValidator : IValidateOptions<GmailOptions>
{
    private const string KeyVaultReference = "@Microsoft.KeyVault(";

    public ValidateOptionsResult Validate(string? name, GmailOptions options)
    {
        var failures = new List<string>();
        if (!Uri.TryCreate(options.ApiBaseUrl?.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
        {
            failures.Add($"GMAIL_API_BASE_URL '{options.ApiBaseUrl}' is not an http(s) URL. Remove the setting to use {Api.GmailApi.DefaultBaseUri}.");
        }

        if (string.IsNullOrWhiteSpace(options.User))
        {
            failures.Add("GMAIL_USER must not be empty. Remove the setting to use 'me', the signed-in account.");
        }

        if (string.IsNullOrWhiteSpace(options.TokenFile))
        {
            failures.Add($"GMAIL_TOKEN_FILE must not be empty. Remove the setting to use {GmailOptions.DefaultTokenFile}.");
        }

        if (string.IsNullOrWhiteSpace(options.Query))
        {
            failures.Add($"TRIAGE_QUERY must not be empty. Remove the setting to use '{GmailOptions.DefaultQuery}'.");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            failures.Add($"GMAIL_MAX_RETRIES must be between 0 and 10 (was {options.MaxRetries}).");
        }

        foreach (var (setting, value) in new[] { ("GMAIL_REFRESH_TOKEN", options.RefreshToken), ("GMAIL_CLIENT_ID", options.ClientId), ("GMAIL_CLIENT_SECRET", options.ClientSecret) })
        {
            // App Service leaves the reference text itself in the setting when it cannot resolve it.
            if (value?.TrimStart().StartsWith(KeyVaultReference, StringComparison.OrdinalIgnoreCase) == true)
            {
                failures.Add(
                    $"{setting} is a Key Vault reference that did not resolve ({value.Trim()}): the secret is not set, its name is wrong, " +
                    "or the app's managed identity lacks the 'Key Vault Secrets User' role on the vault. " +
                    "Fix the secret or the role assignment, then restart the app; the portal shows the reference's status under Environment variables.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
