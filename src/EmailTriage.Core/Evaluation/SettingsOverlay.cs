using EmailTriage.Configuration;

namespace EmailTriage.Evaluation;

/// <summary>
/// The current settings with those of another <c>.env</c> file on top, for comparing two configurations: the other
/// file only needs the settings that differ (LLM_MODEL, LABEL_CONFIG_FILE, ...). A <c>.json</c> file is taken as
/// another label file, i.e. LABEL_CONFIG_FILE=that file.
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

        var overlay = envFile.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            ? new Dictionary<string, string?> { ["LABEL_CONFIG_FILE"] = Path.GetFullPath(envFile) }
            : DotEnvParser.Parse(File.ReadAllLines(envFile), envFile);
        foreach (var (name, value) in overlay)
        {
            merged[name] = value;
        }

        return [.. merged];
    }
}
