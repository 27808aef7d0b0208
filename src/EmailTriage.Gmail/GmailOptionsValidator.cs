using Microsoft.Extensions.Options;

namespace EmailTriage.Gmail;

internal sealed class GmailOptionsValidator : IValidateOptions<GmailOptions>
{
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

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
