using EmailTriage.Configuration;
using EmailTriage.Logging;
using Microsoft.Extensions.Logging;

namespace EmailTriage.Core.Tests.Logging;

public sealed class LoggingSetupTests
{
    [Theory]
    [InlineData("DEBUG", LogLevel.Debug)]
    [InlineData("info", LogLevel.Information)]
    [InlineData("Warning", LogLevel.Warning)]
    [InlineData("CRITICAL", LogLevel.Critical)]
    [InlineData(null, LogLevel.Information)]
    [InlineData(" ", LogLevel.Information)]
    public void Accepts_python_and_dotnet_level_names(string? value, LogLevel expected)
    {
        Assert.Equal(expected, LoggingSetup.ParseLevel(value));
    }

    [Fact]
    public void Unknown_level_names_the_setting()
    {
        var error = Assert.Throws<SettingsException>(() => LoggingSetup.ParseLevel("LOUD"));

        Assert.StartsWith("LOG_LEVEL 'LOUD'", error.Message, StringComparison.Ordinal);
    }
}
