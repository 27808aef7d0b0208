using EmailTriage.Configuration;

namespace EmailTriage.Evaluation;

/// <summary>
/// The current settings with those of another <c>.env</c> file on top, for comparing two configurations: the other
/// file only needs the settings that differ (LLM_MODEL, LABEL_CONFIG_FILE, ...).
/// </summary>
public static class SettingsOverlay
{
    /// <summary>
    /// <paramref name="variables"/> (the environment layer, which wins over .env and local.settings.json) with every
    /// setting of <paramref name="envFile"/> added or replaced, so the file wins over all of them.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string?>> Apply(IEnumerable<KeyValuePair<string, string?>> variables, string envFile)
    {
        if (!File.Exists(envFile))
        {
            throw new SettingsException(
                $"Settings file to compare with not found: {envFile}. Give --compare a .env file holding the settings that differ, e.g. LLM_MODEL=... or LABEL_CONFIG_FILE=....");
        }

        var merged = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in variables)
        {
            merged[name] = value;
        }

        foreach (var (name, value) in DotEnvParser.Parse(File.ReadAllLines(envFile), envFile))
        {
            merged[name] = value;
        }

        return [.. merged];
    }
}
