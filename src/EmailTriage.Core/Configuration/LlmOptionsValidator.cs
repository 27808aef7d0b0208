using Microsoft.Extensions.Options;

namespace EmailTriage.Configuration;

internal sealed class LlmOptionsValidator : IValidateOptions<LlmOptions>
{
    public ValidateOptionsResult Validate(string? name, LlmOptions options)
    {
        var failures = new List<string>();
        if (options.IsConfigured)
        {
            ServerListRules.Check("LLM_BASE_URL", options.BaseUrl, failures);

            if (string.IsNullOrWhiteSpace(options.Model))
            {
                failures.Add("LLM_MODEL environment variable must be set when LLM_BASE_URL is set, e.g. LLM_MODEL=meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo. 'emailtriage check' lists the models the server offers.");
            }
        }

        ServerListRules.CheckFallback(options, failures);

        if (options.ApiKey?.TrimStart().StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase) == true)
        {
            // In Azure the app setting still holds the reference itself when Key Vault could not resolve it.
            failures.Add("LLM_API_KEY is an unresolved Key Vault reference: store the secret LLM-API-KEY in the vault, check its name, " +
                "and give the app's identity the Key Vault Secrets User role (see docs/azure.md).");
        }

        if (options.MaxConcurrency is < 1 or > 64)
        {
            failures.Add($"LLM_MAX_CONCURRENCY must be between 1 and 64 (was {options.MaxConcurrency}).");
        }

        if (options.TimeoutSeconds is < 1 or > 3600)
        {
            failures.Add($"LLM_TIMEOUT_SECONDS must be between 1 and 3600 (was {options.TimeoutSeconds}).");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            failures.Add($"LLM_MAX_RETRIES must be between 0 and 10 (was {options.MaxRetries}).");
        }

        if (options.MaxBodyChars is < 100 or > 100_000)
        {
            failures.Add($"LLM_MAX_BODY_CHARS must be between 100 and 100000 (was {options.MaxBodyChars}).");
        }

        if (!string.IsNullOrWhiteSpace(options.Server) && !options.Server.Trim().Equals("auto", StringComparison.OrdinalIgnoreCase)
            && !LlmOptions.ServerNames.ContainsKey(options.Server.Trim()))
        {
            failures.Add($"LLM_SERVER '{options.Server}' is not a server this app knows. Use auto (the default), or one of: {string.Join(", ", LlmOptions.ServerNames.Keys)}.");
        }

        if (options.ThinkingMaxTokens is < 64 or > 65_536)
        {
            failures.Add($"LLM_THINKING_MAX_TOKENS must be between 64 and 65536 (was {options.ThinkingMaxTokens}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
