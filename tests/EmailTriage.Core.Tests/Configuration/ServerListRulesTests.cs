using EmailTriage.Configuration;

namespace EmailTriage.Core.Tests.Configuration;

/// <summary>Several servers in LLM_BASE_URL and a fallback provider, as the validator checks them at start.</summary>
public sealed class ServerListRulesTests
{
    private static IReadOnlyList<string> Failures(LlmOptions options) =>
        [.. new LlmOptionsValidator().Validate(null, options).Failures ?? []];

    private static LlmOptions Valid() => new() { BaseUrl = "http://localhost:8080/v1, http://localhost:8081/v1,http://localhost:8082/v1", Model = "llama" };

    [Fact]
    public void Accepts_several_servers_separated_by_commas()
    {
        var options = Valid();

        Assert.Empty(Failures(options));
        Assert.Equal([8080, 8081, 8082], options.Endpoints.Select(u => u.Port));
        Assert.Equal(new Uri("http://localhost:8080/v1"), options.Endpoint);
    }

    [Fact]
    public void An_entry_that_is_not_http_is_named_with_the_setting()
    {
        var options = Valid();
        options.BaseUrl = "http://localhost:8080/v1,localhost:8081";

        var failure = Assert.Single(Failures(options));
        Assert.StartsWith("LLM_BASE_URL entry 'localhost:8081' is not an http(s) URL", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://localhost:8080/v1,http://localhost:8080/v1")]
    [InlineData("http://localhost:8080/v1,http://LOCALHOST:8080/v1/")]
    public void A_server_listed_twice_is_an_error_naming_the_setting(string urls)
    {
        var options = Valid();
        options.BaseUrl = urls;

        var failure = Assert.Single(Failures(options));
        Assert.StartsWith("LLM_BASE_URL lists http://localhost:8080/v1 twice", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Commas_alone_list_no_server()
    {
        var options = Valid();
        options.BaseUrl = " , ";

        Assert.StartsWith("LLM_BASE_URL ' , ' lists no URL", Assert.Single(Failures(options)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_fallback_url_needs_a_fallback_model()
    {
        var options = Valid();
        options.FallbackBaseUrl = "https://api.together.xyz/v1";

        Assert.StartsWith("LLM_FALLBACK_MODEL must be set when LLM_FALLBACK_BASE_URL is set", Assert.Single(Failures(options)), StringComparison.Ordinal);
        options.FallbackModel = "meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo";
        Assert.Empty(Failures(options));
    }

    [Fact]
    public void A_fallback_model_without_a_fallback_url_is_an_error()
    {
        var options = Valid();
        options.FallbackModel = "m";

        Assert.StartsWith("LLM_FALLBACK_MODEL is set but LLM_FALLBACK_BASE_URL is not", Assert.Single(Failures(options)), StringComparison.Ordinal);
    }

    [Fact]
    public void Fallback_urls_follow_the_same_rules()
    {
        var options = Valid();
        options.FallbackModel = "m";
        options.FallbackBaseUrl = "https://api.together.xyz/v1,ftp://x.example/v1,http://localhost:8081/v1";

        var failures = Failures(options);

        Assert.Equal(2, failures.Count);
        Assert.StartsWith("LLM_FALLBACK_BASE_URL entry 'ftp://x.example/v1' is not an http(s) URL", failures[0], StringComparison.Ordinal);
        Assert.StartsWith("LLM_FALLBACK_BASE_URL lists http://localhost:8081/v1, which LLM_BASE_URL lists too", failures[1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_fallback_needs_a_primary()
    {
        var options = new LlmOptions { FallbackBaseUrl = "https://api.together.xyz/v1", FallbackModel = "m" };

        Assert.Contains(Failures(options), f => f.StartsWith("LLM_FALLBACK_BASE_URL is set but LLM_BASE_URL is not", StringComparison.Ordinal));
    }

    [Fact]
    public void The_runner_may_use_every_slot_of_every_server_and_the_fallback()
    {
        var options = new LlmOptions { BaseUrl = "http://localhost:8080/v1,http://127.0.0.1:8081/v1,https://gpu.example/v1", Model = "m" };
        Assert.Equal(1 + 1 + 4, options.EffectiveConcurrency);

        options.FallbackBaseUrl = "https://api.together.xyz/v1";
        options.FallbackModel = "m";
        Assert.Equal(1 + 1 + 4 + 4, options.EffectiveConcurrency);

        options.MaxConcurrency = 3;
        Assert.Equal(4 * 3, options.EffectiveConcurrency);
    }

    [Fact]
    public void The_display_form_keeps_every_server_without_credentials()
    {
        var options = new LlmOptions { BaseUrl = "http://localhost:8080/v1,https://user:pw@gpu.example/v1?key=k", FallbackBaseUrl = "https://api.together.xyz/v1" };

        Assert.Equal("http://localhost:8080/v1,https://gpu.example/v1", options.DisplayBaseUrl);
        Assert.Equal("https://api.together.xyz/v1", options.DisplayFallbackBaseUrl);
    }
}
