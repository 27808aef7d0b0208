using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EmailTriage.Functions;

internal static class ApplicationInsightsLogging
{
    private const string ProviderName = "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider";

    /// <summary>
    /// The Application Insights SDK adds a rule that keeps only Warning and above; without removing it the run
    /// summaries (Information) never reach Application Insights and host.json's levels have no say.
    /// </summary>
    public static IServiceCollection RemoveApplicationInsightsWarningFilter(this IServiceCollection services) =>
        services.Configure<LoggerFilterOptions>(options =>
        {
            var rule = options.Rules.FirstOrDefault(r => r.ProviderName == ProviderName);
            if (rule is not null)
            {
                options.Rules.Remove(rule);
            }
        });
}
