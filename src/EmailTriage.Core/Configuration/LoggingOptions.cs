using Microsoft.Extensions.Configuration;

namespace EmailTriage.Configuration;

public sealed class LoggingOptions
{
    [ConfigurationKeyName("LOG_LEVEL")]
    public string LogLevel { get; set; } = "Information";

    [ConfigurationKeyName("LOG_FILE")]
    public string LogFile { get; set; } = "data/logs/email_triage.log";
}
