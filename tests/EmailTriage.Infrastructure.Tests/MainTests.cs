using System.Text.RegularExpressions;
using EmailTriage.Infrastructure.Tests.Support;

namespace EmailTriage.Infrastructure.Tests;

/// <summary>infra/main.bicep: one resource group, names from the environment, nothing secret in or out.</summary>
public sealed partial class MainTests(CompiledTemplate template)
{
    private const string ResourceGroupName = "[format('rg-{0}', parameters('environmentName'))]";

    [Fact]
    public void Compiles_without_errors_or_linter_warnings()
    {
        Assert.DoesNotMatch(Diagnostic(), template.Diagnostics);
    }

    [Fact]
    public void Targets_the_subscription_and_creates_one_resource_group_tagged_with_the_azd_environment()
    {
        Assert.EndsWith("/subscriptionDeploymentTemplate.json#", (string)template.Arm.Main.Template["$schema"]!, StringComparison.Ordinal);
        var group = template.Arm.Resource("Microsoft.Resources/resourceGroups");

        Assert.Equal(ResourceGroupName, group.Resolve("name"));
        Assert.Equal("[variables('tags')]", (string?)group.At("tags"));
        Assert.Equal("[parameters('environmentName')]", (string?)template.Arm.Main.Template["variables"]!["tags"]!["azd-env-name"]);
    }

    [Fact]
    public void Deploys_every_module_into_that_resource_group()
    {
        var modules = template.Arm.Main.Modules;

        Assert.NotEmpty(modules);
        Assert.All(modules, m => Assert.Equal(ResourceGroupName, m.Parent!.Resolve(m.DeploymentResource!["resourceGroup"])));
    }

    [Theory]
    [InlineData("identity", "name", "id-")]
    [InlineData("storage", "name", "st")]
    [InlineData("monitoring", "logAnalyticsName", "log-")]
    [InlineData("monitoring", "applicationInsightsName", "appi-")]
    [InlineData("keyvault", "name", "kv-")]
    [InlineData("plan", "name", "plan-")]
    [InlineData("function", "name", "func-")]
    public void Derives_resource_names_from_the_environment_name(string module, string parameter, string prefix)
    {
        Assert.Equal(
            "[toLower(uniqueString(subscription().id, parameters('environmentName'), parameters('location')))]",
            template.Arm.Main.Resolve(template.Arm.Main.Template["variables"]!["resourceToken"]));

        Assert.Equal($"[format('{prefix}{{0}}', variables('resourceToken'))]", template.Arm.Module(module).Argument(parameter));
    }

    [Fact]
    public void Outputs_are_neither_secure_values_nor_secret_looking_names()
    {
        var outputs = template.Arm.Deployments.SelectMany(d => d.Outputs.Select(o => (Where: $"{d.Name}.{o.Key}", Output: o.Value))).ToList();

        Assert.Contains(outputs, o => o.Where == "main.AZURE_KEY_VAULT_NAME");
        Assert.All(outputs, o =>
        {
            Assert.DoesNotContain("secure", (string)o.Output["type"]!, StringComparison.OrdinalIgnoreCase);
            Assert.False(SecretNames.LookSecret(o.Where), $"{o.Where} sounds like a secret");
            Assert.DoesNotMatch(SecretSource(), (string?)o.Output["value"] ?? "");
        });
    }

    [Fact]
    public void Takes_no_secret_as_a_parameter()
    {
        var parameters = template.Arm.Deployments.SelectMany(d => d.Parameters.Select(p => (Where: $"{d.Name}.{p.Key}", Parameter: p.Value))).ToList();

        Assert.Contains(parameters, p => p.Where == "main.gmailClientId");
        Assert.All(parameters, p =>
        {
            Assert.DoesNotContain("secure", (string)p.Parameter["type"]!, StringComparison.OrdinalIgnoreCase);
            Assert.False(SecretNames.LookSecret(p.Where), $"{p.Where} sounds like a secret");
        });
    }

    [Theory]
    [InlineData("listKeys(")]
    [InlineData("listAccountSas(")]
    [InlineData("listServiceSas(")]
    [InlineData("AccountKey=")]
    [InlineData("DefaultEndpointsProtocol=")]
    [InlineData("SharedAccessSignature=")]
    public void Nothing_anywhere_uses_a_storage_key_or_connection_string(string fragment)
    {
        Assert.DoesNotContain(fragment, template.Arm.Text, StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex(@"\) : (Error|Warning) ")]
    private static partial Regex Diagnostic();

    [GeneratedRegex(@"\blist\w*\(|ConnectionString|InstrumentationKey|secretUri", RegexOptions.IgnoreCase)]
    private static partial Regex SecretSource();
}
