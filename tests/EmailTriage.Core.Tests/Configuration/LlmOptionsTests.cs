using EmailTriage.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EmailTriage.Core.Tests.Configuration;

public sealed class LlmOptionsTests
{
    [Theory]
    [InlineData("http://localhost:8080/v1")]
    [InlineData("http://127.0.0.1:8080/v1")]
    [InlineData("http://[::1]:8080/v1")]
    public void Defaults_to_one_request_at_a_time_for_a_server_on_this_machine(string url)
    {
        var options = new LlmOptions { BaseUrl = url };

        Assert.Equal(1, options.EffectiveConcurrency);
    }

    [Fact]
    public void Defaults_to_four_requests_for_a_remote_server()
    {
        var options = new LlmOptions { BaseUrl = "https://api.together.xyz/v1" };

        Assert.Equal(4, options.EffectiveConcurrency);
    }

    [Theory]
    [InlineData("http://localhost:8080/v1")]
    [InlineData("https://api.together.xyz/v1")]
    public void Explicit_concurrency_wins(string url)
    {
        var options = new LlmOptions { BaseUrl = url, MaxConcurrency = 7 };

        Assert.Equal(7, options.EffectiveConcurrency);
    }

    [Fact]
    public void Blank_api_key_becomes_placeholder_the_sdk_accepts()
    {
        Assert.Equal(LlmOptions.NoApiKey, new LlmOptions { ApiKey = "  " }.EffectiveApiKey);
        Assert.Equal("sk-1", new LlmOptions { ApiKey = " sk-1 " }.EffectiveApiKey);
    }

    [Fact]
    public void Endpoint_without_base_url_names_the_setting()
    {
        var options = new LlmOptions();

        Assert.False(options.IsConfigured);
        var error = Assert.Throws<SettingsException>(() => options.Endpoint);
        Assert.StartsWith("LLM_BASE_URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Binds_flat_setting_names_through_the_composition_root()
    {
        var options = Resolve(new()
        {
            ["LLM_BASE_URL"] = "http://localhost:8080/v1",
            ["LLM_MODEL"] = "llama",
            ["LLM_API_KEY"] = "secret",
            ["LLM_MAX_CONCURRENCY"] = "2",
            ["LLM_TIMEOUT_SECONDS"] = "15",
            ["LLM_MAX_RETRIES"] = "1",
            ["LLM_MAX_BODY_CHARS"] = "2500",
        });

        Assert.Equal("http://localhost:8080/v1", options.BaseUrl);
        Assert.Equal("llama", options.Model);
        Assert.Equal("secret", options.ApiKey);
        Assert.Equal(2, options.MaxConcurrency);
        Assert.Equal(15, options.TimeoutSeconds);
        Assert.Equal(1, options.MaxRetries);
        Assert.Equal(2500, options.MaxBodyChars);
    }

    [Fact]
    public void Unset_settings_keep_their_defaults()
    {
        var options = Resolve([]);

        Assert.Null(options.MaxConcurrency);
        Assert.Equal(60, options.TimeoutSeconds);
        Assert.Equal(3, options.MaxRetries);
        Assert.Equal(800, options.MaxBodyChars);
    }

    [Fact]
    public void Invalid_bound_value_fails_with_the_setting_name()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(new() { ["LLM_MAX_BODY_CHARS"] = "5" }));

        Assert.Contains("LLM_MAX_BODY_CHARS", error.Message, StringComparison.Ordinal);
    }

    private static LlmOptions Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddEmailTriage(configuration, Path.GetTempPath()).BuildServiceProvider();
        return services.GetRequiredService<IOptions<LlmOptions>>().Value;
    }
}
