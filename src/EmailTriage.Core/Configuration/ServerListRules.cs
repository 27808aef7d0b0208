namespace EmailTriage.Configuration;

/// <summary>What LLM_BASE_URL and LLM_FALLBACK_BASE_URL must be: one or more distinct http(s) URLs, separated by commas.</summary>
internal static class ServerListRules
{
    public static void Check(string setting, string? urls, List<string> failures)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var entries = LlmOptions.SplitUrls(urls);
        if (entries.Count == 0)
        {
            failures.Add($"{setting} '{urls}' lists no URL. Use the server's OpenAI-compatible base, e.g. http://localhost:8080/v1, or several separated by commas.");
            return;
        }

        foreach (var url in entries)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                var what = entries.Count == 1 ? $"{setting} '{url}'" : $"{setting} entry '{url}'";
                failures.Add($"{what} is not an http(s) URL. Use the server's OpenAI-compatible base, e.g. http://localhost:8080/v1" +
                    (entries.Count == 1 ? "." : "; separate several servers with commas."));
            }
            else if (!seen.Add(Key(uri)))
            {
                failures.Add($"{setting} lists {LlmOptions.Redact(uri)} twice. List each server once; a server with more slots takes a higher LLM_MAX_CONCURRENCY instead.");
            }
        }
    }

    public static void CheckFallback(LlmOptions options, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(options.FallbackBaseUrl))
        {
            if (!string.IsNullOrWhiteSpace(options.FallbackModel))
            {
                failures.Add("LLM_FALLBACK_MODEL is set but LLM_FALLBACK_BASE_URL is not: set both to use a fallback provider, or remove LLM_FALLBACK_MODEL.");
            }

            return;
        }

        if (!options.IsConfigured)
        {
            failures.Add("LLM_FALLBACK_BASE_URL is set but LLM_BASE_URL is not: the fallback provider stands in for a primary one. Set LLM_BASE_URL (and LLM_MODEL).");
        }

        Check("LLM_FALLBACK_BASE_URL", options.FallbackBaseUrl, failures);
        if (string.IsNullOrWhiteSpace(options.FallbackModel))
        {
            failures.Add("LLM_FALLBACK_MODEL must be set when LLM_FALLBACK_BASE_URL is set: the model the fallback provider serves, e.g. LLM_FALLBACK_MODEL=meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo.");
        }

        var primary = new HashSet<string>(Keys(options.BaseUrl), StringComparer.OrdinalIgnoreCase);
        foreach (var url in LlmOptions.SplitUrls(options.FallbackBaseUrl))
        {
            if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && primary.Contains(Key(uri)))
            {
                failures.Add($"LLM_FALLBACK_BASE_URL lists {LlmOptions.Redact(uri)}, which LLM_BASE_URL lists too: a fallback provider must be another server.");
            }
        }

        if (options.FallbackApiKey?.TrimStart().StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase) == true)
        {
            failures.Add("LLM_FALLBACK_API_KEY is an unresolved Key Vault reference: store the secret LLM-FALLBACK-API-KEY in the vault, check its name, " +
                "and give the app's identity the Key Vault Secrets User role (see docs/azure.md).");
        }
    }

    private static IEnumerable<string> Keys(string? urls) =>
        LlmOptions.SplitUrls(urls).Select(url => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? Key(uri) : url);

    // http://localhost:8080/v1 and http://LOCALHOST:8080/v1/ are the same server.
    private static string Key(Uri uri) => $"{uri.Scheme}://{uri.Host}:{uri.Port}{uri.AbsolutePath.TrimEnd('/')}";
}
