using Microsoft.Extensions.Configuration;

namespace EmailTriage.Configuration;

/// <summary>The OpenAI-compatible chat server, by the setting names users know from the Python version.</summary>
public sealed class LlmOptions
{
    /// <summary>What the SDK is given when no key is set: it insists on one, local servers ignore it.</summary>
    public const string NoApiKey = "not-needed";

    /// <summary>The phrase users know from the Python version's troubleshooting guide, with the fix.</summary>
    public const string MissingBaseUrl =
        "LLM_BASE_URL environment variable must be set. Add LLM_BASE_URL and LLM_MODEL to .env, for example " +
        "LLM_BASE_URL=https://api.together.xyz/v1 or LLM_BASE_URL=http://localhost:8080/v1 for a local MLX server " +
        "(see docs/llm_configuration.md); until then only the rules classify.";

    /// <summary>One server, or several equivalent ones (same model) separated by commas.</summary>
    [ConfigurationKeyName("LLM_BASE_URL")]
    public string? BaseUrl { get; set; }

    [ConfigurationKeyName("LLM_MODEL")]
    public string? Model { get; set; }

    [ConfigurationKeyName("LLM_API_KEY")]
    public string? ApiKey { get; set; }

    /// <summary>Per server. Null means: 1 for a server on this machine, 4 otherwise.</summary>
    [ConfigurationKeyName("LLM_MAX_CONCURRENCY")]
    public int? MaxConcurrency { get; set; }

    [ConfigurationKeyName("LLM_TIMEOUT_SECONDS")]
    public int TimeoutSeconds { get; set; } = 60;

    [ConfigurationKeyName("LLM_MAX_RETRIES")]
    public int MaxRetries { get; set; } = 3;

    [ConfigurationKeyName("LLM_MAX_BODY_CHARS")]
    public int MaxBodyChars { get; set; } = 800;

    /// <summary>What kind of server LLM_BASE_URL is (auto, openai, together, litellm, ollama, mlx, vllm, llamacpp, other); auto tells by itself.</summary>
    [ConfigurationKeyName("LLM_SERVER")]
    public string? Server { get; set; }

    /// <summary>The output budget a model that thinks before it answers gets, once it has shown that it does.</summary>
    [ConfigurationKeyName("LLM_THINKING_MAX_TOKENS")]
    public int ThinkingMaxTokens { get; set; } = 2048;

    /// <summary>Asked only when the primary servers cannot take a message; may list several servers too.</summary>
    [ConfigurationKeyName("LLM_FALLBACK_BASE_URL")]
    public string? FallbackBaseUrl { get; set; }

    [ConfigurationKeyName("LLM_FALLBACK_MODEL")]
    public string? FallbackModel { get; set; }

    /// <summary>Never LLM_API_KEY: the primary's key is not sent to another provider.</summary>
    [ConfigurationKeyName("LLM_FALLBACK_API_KEY")]
    public string? FallbackApiKey { get; set; }

    /// <summary>The kinds LLM_SERVER may name, by the names users type.</summary>
    public static IReadOnlyDictionary<string, Classification.LlmServerKind> ServerNames { get; } =
        new Dictionary<string, Classification.LlmServerKind>(StringComparer.OrdinalIgnoreCase)
        {
            ["openai"] = Classification.LlmServerKind.OpenAi,
            ["together"] = Classification.LlmServerKind.Together,
            ["litellm"] = Classification.LlmServerKind.LiteLlm,
            ["ollama"] = Classification.LlmServerKind.Ollama,
            ["mlx"] = Classification.LlmServerKind.MlxLm,
            ["vllm"] = Classification.LlmServerKind.Vllm,
            ["llamacpp"] = Classification.LlmServerKind.LlamaCpp,
            ["other"] = Classification.LlmServerKind.Unknown,
        };

    /// <summary>The kind LLM_SERVER names, or null for auto (or unset).</summary>
    public Classification.LlmServerKind? ServerKind =>
        string.IsNullOrWhiteSpace(Server) || Server.Trim().Equals("auto", StringComparison.OrdinalIgnoreCase)
            ? null
            : ServerNames.TryGetValue(Server.Trim(), out var kind) ? kind : null;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(BaseUrl);

    public bool HasFallback => IsConfigured && !string.IsNullOrWhiteSpace(FallbackBaseUrl);

    /// <summary>The first (or only) server of LLM_BASE_URL.</summary>
    public Uri Endpoint => IsConfigured
        ? Endpoints[0]
        : throw new SettingsException(MissingBaseUrl);

    /// <summary>Every server LLM_BASE_URL lists, in order.</summary>
    public IReadOnlyList<Uri> Endpoints => IsConfigured ? [.. SplitUrls(BaseUrl).Select(url => new Uri(url))] : [];

    /// <summary>Every server LLM_FALLBACK_BASE_URL lists; empty without a fallback provider.</summary>
    public IReadOnlyList<Uri> FallbackEndpoints => HasFallback ? [.. SplitUrls(FallbackBaseUrl).Select(url => new Uri(url))] : [];

    /// <summary>The URLs of a comma-separated list, trimmed, empty entries dropped.</summary>
    public static IReadOnlyList<string> SplitUrls(string? urls) =>
        urls is null ? [] : urls.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>LLM_BASE_URL fit to print and log: without a user name, password or query, which may hold a key.</summary>
    public string DisplayBaseUrl => Display(BaseUrl);

    /// <summary>LLM_FALLBACK_BASE_URL fit to print and log.</summary>
    public string DisplayFallbackBaseUrl => Display(FallbackBaseUrl);

    private static string Display(string? urls) =>
        string.IsNullOrWhiteSpace(urls)
            ? "(not set)"
            : string.Join(",", SplitUrls(urls).Select(url => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? Redact(uri) : url));

    public static string Redact(Uri uri) =>
        new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty, Query = string.Empty, Fragment = string.Empty }.Uri.ToString().TrimEnd('/');

    public string EffectiveApiKey => string.IsNullOrWhiteSpace(ApiKey) ? NoApiKey : ApiKey.Trim();

    public string EffectiveFallbackApiKey => string.IsNullOrWhiteSpace(FallbackApiKey) ? NoApiKey : FallbackApiKey.Trim();

    /// <summary>
    /// How many messages a run has with the LLM at once: every server's limit added up (the fallback's too), so every
    /// slot can be used; each server's own limit is what bounds its requests.
    /// </summary>
    public int EffectiveConcurrency => IsConfigured
        ? Math.Max(1, SplitUrls(BaseUrl).Concat(HasFallback ? SplitUrls(FallbackBaseUrl) : []).Sum(ConcurrencyFor))
        : MaxConcurrency ?? 4;

    // A local server (MLX on a Mac) has one GPU; older mlx_lm.server versions answer one request at a time.
    /// <summary>The in-flight limit of one server: LLM_MAX_CONCURRENCY, or 1 for a server on this machine and 4 otherwise.</summary>
    public int ConcurrencyFor(string url) => MaxConcurrency ?? (IsLoopback(url) ? 1 : 4);

    private static bool IsLoopback(string url) =>
        Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) && uri.IsLoopback;
}
