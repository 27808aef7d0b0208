using EmailTriage.Cli.Tests.Support;

namespace EmailTriage.Cli.Tests.Settings;

/// <summary>Every options class is checked when a command starts: a wrong value names its setting and the fix, with exit code 2, before any work.</summary>
public sealed class SettingsOnStartTests
{
    [Theory]
    [InlineData("LEARNED_TARGET_PRECISION", "1.5", "LEARNED_TARGET_PRECISION must be a share from 0 to 1")]
    [InlineData("LEARNED_TARGET_PRECISION", "abc", "LEARNED_TARGET_PRECISION")]
    [InlineData("LEARNED_RETRAIN_EVERY", "0", "LEARNED_RETRAIN_EVERY must be a whole number of filings, at least 1")]
    [InlineData("LEARNED_MAX_RETRAINS_PER_RUN", "-1", "LEARNED_MAX_RETRAINS_PER_RUN must be 0 or more")]
    [InlineData("LABEL_CONFIG_FILE", " ", "LABEL_CONFIG_FILE is empty")]
    public async Task A_wrong_setting_stops_the_command_before_it_starts_and_says_which(string setting, string value, string expected)
    {
        using var workspace = new CliWorkspace(withSamples: true).With(setting, value);

        var run = await workspace.RunAsync("triage", "--dry-run");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Triage of", run.Output, StringComparison.Ordinal);
    }
}
