using System.Text.Json.Nodes;

namespace EmailTriage.Infrastructure.Tests.Support;

/// <summary>One resource of a compiled template, read in the context of the deployment (module) that declares it.</summary>
public sealed class ArmResource(ArmDeployment deployment, JsonObject json)
{
    public ArmDeployment Deployment { get; } = deployment;

    public JsonObject Json { get; } = json;

    public string Type => (string)Json["type"]!;

    /// <summary>The node at a dotted path such as "properties.siteConfig.minTlsVersion", or null.</summary>
    public JsonNode? At(string path) =>
        path.Split('.').Aggregate<string, JsonNode?>(Json, (node, name) => node is JsonObject o ? o[name] : null);

    /// <summary>The string at <paramref name="path"/>, with parameter and variable references followed up the modules.</summary>
    public string? Resolve(string path) => Deployment.Resolve(At(path));

    public bool? Flag(string path) => At(path) is JsonValue value && value.TryGetValue<bool>(out var flag) ? flag : null;

    public IReadOnlyDictionary<string, JsonNode?> Entries(string path) =>
        At(path) as JsonObject is { } o ? o.ToDictionary(p => p.Key, p => p.Value) : new Dictionary<string, JsonNode?>();
}
