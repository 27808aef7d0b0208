using EmailTriage.Configuration;

namespace EmailTriage.Core.Tests.Configuration;

public sealed class LlmOptionsValidatorTests
{
    private static IEnumerable<string> Failures(LlmOptions options) =>
        new LlmOptionsValidator().Validate(null, options).Failures ?? [];

    private static LlmOptions Valid() => new() { BaseUrl = "http://localhost:8080/v1", Model = "llama" };

    [Fact]
    public void Accepts_a_complete_configuration()
    {
        Assert.True(new LlmOptionsValidator().Validate(null, Valid()).Succeeded);
    }

    [Fact]
    public void Accepts_no_llm_at_all()
    {
        Assert.True(new LlmOptionsValidator().Validate(null, new LlmOptions()).Succeeded);
    }

    [Theory]
    [InlineData("localhost:8080")]
    [InlineData("not a url")]
    [InlineData("ftp://example.com/v1")]
    public void Rejects_a_base_url_that_is_not_http(string url)
    {
        var options = Valid();
        options.BaseUrl = url;

        var failure = Assert.Single(Failures(options));
        Assert.StartsWith("LLM_BASE_URL", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Requires_a_model_when_a_server_is_set()
    {
        var options = Valid();
        options.Model = " ";

        var failure = Assert.Single(Failures(options));
        Assert.StartsWith("LLM_MODEL", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65)]
    public void Rejects_concurrency_out_of_range(int value)
    {
        var options = Valid();
        options.MaxConcurrency = value;

        var failure = Assert.Single(Failures(options));
        Assert.StartsWith("LLM_MAX_CONCURRENCY", failure, StringComparison.Ordinal);
        Assert.Contains($"was {value}", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3601)]
    public void Rejects_timeout_out_of_range(int value)
    {
        var options = Valid();
        options.TimeoutSeconds = value;

        Assert.StartsWith("LLM_TIMEOUT_SECONDS", Assert.Single(Failures(options)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(11)]
    public void Rejects_retries_out_of_range(int value)
    {
        var options = Valid();
        options.MaxRetries = value;

        Assert.StartsWith("LLM_MAX_RETRIES", Assert.Single(Failures(options)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(99)]
    [InlineData(100_001)]
    public void Rejects_body_budget_out_of_range(int value)
    {
        var options = Valid();
        options.MaxBodyChars = value;

        Assert.StartsWith("LLM_MAX_BODY_CHARS", Assert.Single(Failures(options)), StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_every_problem_at_once()
    {
        var options = new LlmOptions { BaseUrl = "nope", MaxConcurrency = 0, MaxRetries = 99 };

        Assert.Equal(4, Failures(options).Count());
    }
}
