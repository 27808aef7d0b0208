using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace EmailTriage.Decisions;

/// <summary>How long each mailbox's decision log is kept.</summary>
public sealed class DecisionLogOptions
{
    /// <summary>Days of decisions kept in each mailbox's state (one item a day); older days are removed whole.</summary>
    [ConfigurationKeyName("DECISION_LOG_DAYS")]
    public int KeepDays { get; set; } = DecisionLog.DefaultKeepDays;
}

internal sealed class DecisionLogOptionsValidator : IValidateOptions<DecisionLogOptions>
{
    public ValidateOptionsResult Validate(string? name, DecisionLogOptions options) =>
        options.KeepDays is < 1 or > 3650
            ? ValidateOptionsResult.Fail($"DECISION_LOG_DAYS must be a whole number of days from 1 to 3650 (was {options.KeepDays}); the default is {DecisionLog.DefaultKeepDays}.")
            : ValidateOptionsResult.Success;
}
