using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EmailTriage.Infrastructure.Tests.Support;

namespace EmailTriage.Infrastructure.Tests;

/// <summary>infra/main.parameters.json: every value comes from the azd environment, nothing is typed in.</summary>
public sealed partial class MainParametersTests(CompiledTemplate template)
{
    private static readonly Dictionary<string, string> Values = JsonNode.Parse(Repository.Read("infra/main.parameters.json"))!["parameters"]!
        .AsObject().ToDictionary(p => p.Key, p => (string)p.Value!["value"]!);

    [Fact]
    public void Every_value_is_an_azd_environment_substitution()
    {
        Assert.NotEmpty(Values);
        Assert.All(Values, v => Assert.Matches(Substitution(), v.Value));
    }

    [Fact]
    public void Names_only_parameters_that_main_bicep_declares()
    {
        Assert.All(Values.Keys, name => Assert.Contains(name, template.Arm.Main.Parameters.Keys));
    }

    [Fact]
    public void Supplies_every_parameter_that_has_no_default()
    {
        var required = template.Arm.Main.Parameters.Where(p => p.Value["defaultValue"] is null).Select(p => p.Key).ToList();

        Assert.Equal(["environmentName", "location", "gmailClientId"], required);
        Assert.All(required, name => Assert.Contains(name, Values.Keys));
    }

    [Fact]
    public void Falls_back_to_the_same_defaults_as_main_bicep()
    {
        var withDefaults = Values.Select(v => (v.Key, Match: Substitution().Match(v.Value))).Where(v => v.Match.Groups["default"].Success).ToList();

        Assert.Contains(withDefaults, v => v.Key == "triageSchedule");
        Assert.All(withDefaults, v => Assert.Equal(
            template.Arm.Main.Resolve(template.Arm.Main.Parameters[v.Key]["defaultValue"]),
            v.Match.Groups["default"].Value));
    }

    [Theory]
    [InlineData("environmentName", "AZURE_ENV_NAME")]
    [InlineData("location", "AZURE_LOCATION")]
    [InlineData("principalId", "AZURE_PRINCIPAL_ID")]
    [InlineData("gmailClientId", "GMAIL_CLIENT_ID")]
    [InlineData("triageSchedule", "TRIAGE_SCHEDULE")]
    [InlineData("llmBaseUrl", "LLM_BASE_URL")]
    [InlineData("llmModel", "LLM_MODEL")]
    [InlineData("llmFallbackBaseUrl", "LLM_FALLBACK_BASE_URL")]
    [InlineData("llmFallbackModel", "LLM_FALLBACK_MODEL")]
    public void Reads_a_parameter_from_the_azd_environment_variable_docs_azure_md_names(string parameter, string variable)
    {
        Assert.Equal(variable, Substitution().Match(Values[parameter]).Groups["name"].Value);
        Assert.Contains(variable, Repository.Read("docs/azure.md"), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^\$\{(?<name>[A-Z][A-Z0-9_]*)(=(?<default>[^}]*))?\}$")]
    private static partial Regex Substitution();
}
