using System.Text.Json.Nodes;

namespace EmailTriage.Infrastructure.Tests.Support;

/// <summary>The ARM JSON the Bicep CLI makes of infra/main.bicep, with every module inside it.</summary>
public sealed class ArmTemplate
{
    public ArmTemplate(string json)
    {
        Text = json;
        Main = new ArmDeployment("main", JsonNode.Parse(json)!.AsObject(), parent: null, deploymentResource: null);
    }

    public string Text { get; }

    public ArmDeployment Main { get; }

    public IEnumerable<ArmDeployment> Deployments => Flatten(Main);

    public ArmDeployment Module(string name) => Assert.Single(Main.Modules, m => m.Name == name);

    public IReadOnlyList<ArmResource> Resources(string type) =>
        Deployments.SelectMany(d => d.Resources).Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase)).ToList();

    public ArmResource Resource(string type) => Assert.Single(Resources(type));

    private static IEnumerable<ArmDeployment> Flatten(ArmDeployment deployment) =>
        deployment.Modules.SelectMany(Flatten).Prepend(deployment);
}
