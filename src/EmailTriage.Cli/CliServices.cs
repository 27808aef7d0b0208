using EmailTriage.Configuration;
using EmailTriage.Logging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EmailTriage.Cli;

/// <summary>Reads settings and builds the shared composition root for one CLI command.</summary>
internal static class CliServices
{
    public static ServiceProvider Create(CliEnvironment environment)
    {
        var configuration = new ConfigurationBuilder()
            .AddEmailTriageSettings(environment.WorkingDirectory, environment.Variables)
            .Build();
        var paths = new AppPaths(environment.WorkingDirectory);
        var logging = configuration.Get<LoggingOptions>() ?? new LoggingOptions();

        var services = new ServiceCollection()
            .AddEmailTriage(configuration, environment.WorkingDirectory)
            .AddGmail(configuration)
            .AddLogging(builder => builder.AddEmailTriageFileLog(logging, paths));
        var provider = services.BuildServiceProvider(validateScopes: true);

        // Validate now, so a bad setting is reported before any work starts.
        _ = provider.GetRequiredService<IOptions<LlmOptions>>().Value;
        return provider;
    }
}
