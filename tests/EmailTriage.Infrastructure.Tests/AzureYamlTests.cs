using EmailTriage.Infrastructure.Tests.Support;

namespace EmailTriage.Infrastructure.Tests;

/// <summary>azure.yaml: what `azd up` provisions and deploys.</summary>
public sealed class AzureYamlTests
{
    private static readonly Dictionary<string, string> Yaml = FlatYaml.Parse(Repository.Read("azure.yaml"));

    [Fact]
    public void Names_the_project_emailtriage()
    {
        Assert.Equal("emailtriage", Yaml["name"]);
    }

    [Fact]
    public void Provisions_infra_main_bicep()
    {
        Assert.Equal("bicep", Yaml.GetValueOrDefault("infra.provider", "bicep"));
        Assert.True(File.Exists(Repository.PathOf($"{Yaml.GetValueOrDefault("infra.path", "infra")}/{Yaml.GetValueOrDefault("infra.module", "main")}.bicep")));
    }

    [Fact]
    public void Deploys_the_Functions_project_as_the_api_service()
    {
        Assert.Equal("function", Yaml["services.api.host"]);
        Assert.Equal("dotnet", Yaml["services.api.language"]);
        var project = Repository.PathOf(Yaml["services.api.project"]);
        var csproj = Path.Combine(project, "EmailTriage.Functions.csproj");
        Assert.True(File.Exists(csproj), $"{csproj} is missing");
        Assert.Contains("<AzureFunctionsVersion>v4</AzureFunctionsVersion>", File.ReadAllText(csproj), StringComparison.Ordinal);
    }

    [Fact]
    public void Has_one_service()
    {
        Assert.Equal(["api"], Yaml.Keys.Where(k => k.StartsWith("services.", StringComparison.Ordinal)).Select(k => k.Split('.')[1]).Distinct());
    }
}
