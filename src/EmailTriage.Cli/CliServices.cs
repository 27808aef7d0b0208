using EmailTriage.Learning;
using EmailTriage.Cli.Logging;
using EmailTriage.Configuration;
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
            .AddLlm()
            .AddGmail(configuration)
            .AddLearning(configuration)
            .AddSingleton<Mailboxes.ISignInPrompt>(new ConsoleSignInPrompt(environment.Console.Error))
            .AddImap(configuration)
            .AddGraph(configuration)

            // With EMAILTRIAGE_STORAGE set to the Function App's account, this machine and Azure share each mailbox's state.
            .AddAzureState(configuration)
            .AddLogging(builder => builder.AddEmailTriageFileLog(logging, paths));
        var provider = services.BuildServiceProvider(validateScopes: true);

        // Validate now, as a host would on start, so a bad setting is reported before any work starts.
        try
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
        }
        catch (InvalidOperationException ex)
        {
            // The binder's own words ("Failed to convert configuration value 'many' at 'LLM_MAX_CONCURRENCY'...").
            provider.Dispose();
            throw new SettingsException($"{ex.Message} Fix the value in .env or the environment.", ex);
        }

        return provider;
    }
}
