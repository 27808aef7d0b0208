namespace EmailTriage.Labels;

/// <summary>The user's labels from <c>config/labels.json</c>, already validated.</summary>
public sealed record LabelConfig(IReadOnlyList<LabelDefinition> Labels, string? Fallback, string SourcePath)
{
    /// <summary>Every name a message may be given: the labels, then the fallback when it is not one of them.</summary>
    public IReadOnlyList<string> AllNames { get; } = Fallback is null || Labels.Any(l => Same(l.Name, Fallback))
        ? [.. Labels.Select(l => l.Name)]
        : [.. Labels.Select(l => l.Name), Fallback];

    /// <summary>The configured spelling of <paramref name="name"/>, or null when it is not a configured label.</summary>
    public string? Canonical(string name) => AllNames.FirstOrDefault(n => Same(n, name));

    public LabelDefinition? Find(string name) => Labels.FirstOrDefault(l => Same(l.Name, name));

    // Gmail treats label names case-insensitively, so we do too.
    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
