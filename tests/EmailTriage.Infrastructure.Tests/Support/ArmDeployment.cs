using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace EmailTriage.Infrastructure.Tests.Support;

/// <summary>
/// main.json itself or one module inside it (a nested Microsoft.Resources/deployments with an inner template).
/// Knows the arguments its parent passed, so "[parameters('x')]" can be followed to the value main.bicep gives it.
/// </summary>
public sealed partial class ArmDeployment
{
    private readonly JsonObject? arguments;

    public ArmDeployment(string name, JsonObject template, ArmDeployment? parent, JsonObject? deploymentResource)
    {
        Name = name;
        Template = template;
        Parent = parent;
        DeploymentResource = deploymentResource;
        arguments = deploymentResource?["properties"]?["parameters"] as JsonObject;
        Resources = ResourceNodes(template).Select(r => new ArmResource(this, r)).ToList();
        Modules = Resources
            .Where(r => r.Type == "Microsoft.Resources/deployments" && r.At("properties.template") is JsonObject)
            .Select(r => new ArmDeployment((string)r.Json["name"]!, (JsonObject)r.At("properties.template")!, this, r.Json))
            .ToList();
    }

    public string Name { get; }

    public JsonObject Template { get; }

    public ArmDeployment? Parent { get; }

    /// <summary>The Microsoft.Resources/deployments resource in the parent; null for main.json.</summary>
    public JsonObject? DeploymentResource { get; }

    public IReadOnlyList<ArmResource> Resources { get; }

    public IReadOnlyList<ArmDeployment> Modules { get; }

    public IReadOnlyDictionary<string, JsonObject> Parameters => Section("parameters");

    public IReadOnlyDictionary<string, JsonObject> Outputs => Section("outputs");

    /// <summary>
    /// A string value with "[parameters('x')]" replaced by what the parent passed (or the default) and
    /// "[variables('x')]" by the variable, repeatedly; a parameter nobody sets and any other expression come back as
    /// written. Null when absent.
    /// </summary>
    public string? Resolve(JsonNode? node)
    {
        if (node is not JsonValue value || !value.TryGetValue<string>(out var text))
        {
            return node?.ToJsonString();
        }

        if (ParameterReference().Match(text) is { Success: true } parameter)
        {
            var name = parameter.Groups[1].Value;
            if (arguments?[name] is JsonObject argument)
            {
                return Parent!.Resolve(argument["value"]);
            }

            return Template["parameters"]?[name]?["defaultValue"] is { } fallback ? Resolve(fallback) : text;
        }

        if (VariableReference().Match(text) is { Success: true } variable)
        {
            return Resolve(Template["variables"]?[variable.Groups[1].Value]);
        }

        return text;
    }

    /// <summary>The value this module's parent passes for <paramref name="parameter"/>, resolved in the parent.</summary>
    public string? Argument(string parameter) => Parent?.Resolve(arguments?[parameter]?["value"]);

    /// <summary>The value this module's parent passes for <paramref name="parameter"/>, as written there.</summary>
    public string? ArgumentExpression(string parameter) => (string?)arguments?[parameter]?["value"];

    // Bicep writes resources as an array, or as an object keyed by symbolic name with languageVersion 2.0.
    private static IEnumerable<JsonObject> ResourceNodes(JsonObject template) => template["resources"] switch
    {
        JsonArray array => array.OfType<JsonObject>(),
        JsonObject map => map.Select(p => p.Value).OfType<JsonObject>(),
        _ => [],
    };

    private Dictionary<string, JsonObject> Section(string name) =>
        (Template[name] as JsonObject)?.Where(p => p.Value is JsonObject).ToDictionary(p => p.Key, p => (JsonObject)p.Value!)
        ?? [];

    [GeneratedRegex(@"^\[parameters\('([^']+)'\)\]$")]
    private static partial Regex ParameterReference();

    [GeneratedRegex(@"^\[variables\('([^']+)'\)\]$")]
    private static partial Regex VariableReference();
}
