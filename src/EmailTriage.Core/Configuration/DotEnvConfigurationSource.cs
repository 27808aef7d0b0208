using Microsoft.Extensions.Configuration;

namespace EmailTriage.Configuration;

/// <summary>Reads a <c>.env</c> file (KEY=VALUE lines) as the earlier Python version did with python-dotenv.</summary>
internal sealed class DotEnvConfigurationSource(string path) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new DotEnvConfigurationProvider(path);
}

internal sealed class DotEnvConfigurationProvider(string path) : ConfigurationProvider
{
    public override void Load()
    {
        Data = File.Exists(path)
            ? DotEnvParser.Parse(File.ReadAllLines(path), path)
            : new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
    }
}
