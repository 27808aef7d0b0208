using System.Text.RegularExpressions;
using EmailTriage.Infrastructure.Tests.Support;

namespace EmailTriage.Infrastructure.Tests;

/// <summary>docs/azure.md tells the user how to store exactly the secrets the deployed app reads.</summary>
public sealed partial class AzureDocsTests(CompiledTemplate template)
{
    private static readonly string Docs = Repository.Read("docs/azure.md");

    [Fact]
    public void Shows_an_az_keyvault_secret_set_command_for_every_secret_the_app_references()
    {
        var settings = template.Arm.Resource("Microsoft.Web/sites/config").Entries("properties");
        var secrets = settings.Values.Select(v => SecretName().Match((string?)v ?? "")).Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();
        var commands = Docs.Split('\n').Where(l => l.Contains("az keyvault secret set", StringComparison.Ordinal)).ToList();

        Assert.Equal(4, secrets.Count);
        Assert.All(secrets, secret => Assert.Contains(commands, c => c.Contains($"--name {secret}", StringComparison.Ordinal)));
    }

    [Fact]
    public void Stores_the_refresh_token_from_the_local_token_file_with_jq()
    {
        Assert.Contains(
            Docs.Split('\n'),
            l => l.Contains("az keyvault secret set", StringComparison.Ordinal)
                && l.Contains("--name GMAIL-REFRESH-TOKEN", StringComparison.Ordinal)
                && l.Contains("jq -r .refresh_token config/gmail_token.json", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"SecretName=([A-Za-z0-9-]+)\)")]
    private static partial Regex SecretName();
}
