using Microsoft.Extensions.Configuration;

namespace EmailTriage.Configuration;

public static class SettingsConfigurationExtensions
{
    /// <summary>
    /// Adds settings in the order users of the Python version expect: <c>local.settings.json</c> Values,
    /// then <c>.env</c>, then the environment, each overriding the one before.
    /// </summary>
    public static IConfigurationBuilder AddEmailTriageSettings(
        this IConfigurationBuilder builder,
        string directory,
        IEnumerable<KeyValuePair<string, string?>> environment,
        bool readDotEnv = true)
    {
        builder.Add(new LocalSettingsConfigurationSource(Path.Combine(directory, "local.settings.json")));
        if (readDotEnv)
        {
            builder.Add(new DotEnvConfigurationSource(Path.Combine(directory, ".env")));
        }

        return builder.AddInMemoryCollection(environment);
    }
}
