using EmailTriage.Logging;
using Microsoft.Extensions.Options;

namespace EmailTriage.Configuration;

/// <summary>LOG_LEVEL names a level (the Python names work too) and LOG_FILE is set.</summary>
internal sealed class LoggingOptionsValidator : IValidateOptions<LoggingOptions>
{
    public ValidateOptionsResult Validate(string? name, LoggingOptions options)
    {
        try
        {
            LoggingSetup.ParseLevel(options.LogLevel);
        }
        catch (SettingsException ex)
        {
            return ValidateOptionsResult.Fail(ex.Message);
        }

        return string.IsNullOrWhiteSpace(options.LogFile)
            ? ValidateOptionsResult.Fail("LOG_FILE is empty. Remove it to log to data/logs/email_triage.log, or name a file.")
            : ValidateOptionsResult.Success;
    }
}
