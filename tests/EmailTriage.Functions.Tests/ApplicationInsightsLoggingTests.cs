using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmailTriage.Functions.Tests;

public sealed class ApplicationInsightsLoggingTests
{
    [Fact]
    public void Information_logs_are_not_held_back_from_application_insights()
    {
        var configuration = new ConfigurationBuilder().Build();
        var services = new ServiceCollection().AddLogging();

        // As Program.cs composes the host.
        services.AddApplicationInsightsTelemetryWorkerService().ConfigureFunctionsApplicationInsights();
        var warningOnly = services.BuildServiceProvider().GetRequiredService<IOptions<LoggerFilterOptions>>().Value.Rules
            .Any(r => r.ProviderName?.EndsWith("ApplicationInsightsLoggerProvider", StringComparison.Ordinal) == true && r.LogLevel == LogLevel.Warning);
        services.AddEmailTriageFunctions(configuration, AppContext.BaseDirectory);
        using var provider = services.BuildServiceProvider();

        var rules = provider.GetRequiredService<IOptions<LoggerFilterOptions>>().Value.Rules;

        Assert.True(warningOnly, "the SDK no longer adds its Warning rule; this test and the workaround can go");
        Assert.DoesNotContain(rules, r => r.ProviderName?.EndsWith("ApplicationInsightsLoggerProvider", StringComparison.Ordinal) == true && r.LogLevel == LogLevel.Warning);
    }
}
