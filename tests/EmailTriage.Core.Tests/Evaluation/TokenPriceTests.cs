using EmailTriage.Configuration;
using EmailTriage.Evaluation;

namespace EmailTriage.Core.Tests.Evaluation;

public sealed class TokenPriceTests
{
    [Theory]
    [InlineData("0.18/0.18", 0.18, 0.18)]
    [InlineData("0.15 / 0.60", 0.15, 0.60)]
    [InlineData("2.5", 2.5, 2.5)]
    [InlineData("0/0", 0, 0)]
    public void Reads_input_and_output_dollars_per_million_tokens(string value, double input, double output)
    {
        Assert.Equal(new TokenPrice(input, output), TokenPrice.Parse(value));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Unset_means_no_price(string? value)
    {
        Assert.Null(TokenPrice.Parse(value));
    }

    [Theory]
    [InlineData("cheap")]
    [InlineData("0.18/")]
    [InlineData("1/2/3")]
    [InlineData("-1/2")]
    [InlineData("0,18/0,18")]
    public void A_bad_value_names_the_setting_and_the_format(string value)
    {
        var error = Assert.Throws<SettingsException>(() => TokenPrice.Parse(value));

        Assert.Contains("LLM_PRICE_PER_MTOK", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{value}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("0.18/0.18", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cost_is_dollars_for_the_tokens()
    {
        Assert.Equal(0.000564, new TokenPrice(0.18, 0.60).Cost(3000, 40), 12);
    }
}
