using System.Text.Json;

namespace EmailTriage.Cli.Tests.Support;

/// <summary>The labels shipped in config/labels.json and the label each sample message should get.</summary>
internal static class SampleLabels
{
    public static IReadOnlySet<string> Names { get; } = LoadNames();

    public static IReadOnlyDictionary<string, string> Expected { get; } =
        JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(CliWorkspace.RepoRoot, "samples", "expected-labels.json")))!;

    private static HashSet<string> LoadNames()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(CliWorkspace.RepoRoot, "config", "labels.json")));
        var names = json.RootElement.GetProperty("labels").EnumerateArray().Select(l => l.GetProperty("name").GetString()!).ToHashSet(StringComparer.Ordinal);
        names.Add(json.RootElement.GetProperty("fallback").GetString()!);
        return names;
    }
}
