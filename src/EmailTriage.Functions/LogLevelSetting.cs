using EmailTriage.Logging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.ApplicationInsights;

namespace EmailTriage.Functions;

internal static class LogLevelSetting
{
    /// <summary>
    /// LOG_LEVEL (parsed as the CLI parses it) as the minimum level of our own categories (EmailTriage.*) for every
    /// provider, Application Insights included; the host's and the SDKs' categories keep host.json's levels.
    /// </summary>
    public static IServiceCollection AddEmailTriageLogLevel(this IServiceCollection services, IConfiguration configuration)
    {
        // Parsed now, so a bad value stops the worker at start with a message that names the setting.
        var level = LoggingSetup.ParseLevel(configuration["LOG_LEVEL"]);
        return services.AddLogging(builder => builder
            .AddFilter(OwnCategories, level)
            // A provider with a rule of its own (Logging:ApplicationInsights:... in settings) ignores rules for all providers.
            .AddFilter<ApplicationInsightsLoggerProvider>(OwnCategories, level));
    }

    public const string OwnCategories = "EmailTriage";
}
