using EmailTriage.Infrastructure.Tests.Support;

namespace EmailTriage.Infrastructure.Tests.App;

/// <summary>infra/app/function.bicep: the Functions app, its identity, its settings and its locks.</summary>
public sealed class FunctionTests(CompiledTemplate template)
{
    private ArmResource Site => template.Arm.Resource("Microsoft.Web/sites");

    private ArmResource Settings
    {
        get
        {
            var settings = template.Arm.Resource("Microsoft.Web/sites/config");
            Assert.Equal("[format('{0}/{1}', parameters('name'), 'appsettings')]", settings.Resolve("name"));
            return settings;
        }
    }

    private ArmDeployment Module => template.Arm.Module("function");

    [Fact]
    public void Is_a_Linux_function_app_running_dotnet_isolated_10()
    {
        Assert.Equal("functionapp,linux", Site.Resolve("kind"));
        Assert.Equal("dotnet-isolated", Site.Resolve("properties.functionAppConfig.runtime.name"));
        Assert.Equal("10.0", Site.Resolve("properties.functionAppConfig.runtime.version"));
    }

    [Fact]
    public void Runs_on_the_Flex_Consumption_plan_of_this_deployment()
    {
        var plan = Site.Resolve("properties.serverFarmId");

        Assert.Contains("'Microsoft.Resources/deployments', 'plan')", plan, StringComparison.Ordinal);
        Assert.EndsWith(".outputs.id.value]", plan, StringComparison.Ordinal);
    }

    [Fact]
    public void Has_exactly_the_user_assigned_identity_of_this_deployment()
    {
        Assert.Equal("UserAssigned", Site.Resolve("identity.type"));
        var assigned = Assert.Single(Site.Entries("identity.userAssignedIdentities"));
        Assert.Equal($"[format('{{0}}', {Identity.ResourceId})]", assigned.Key);
        Assert.Equal(template.Arm.Module("identity").Argument("name"), Module.Argument("identityName"));
    }

    [Fact]
    public void Reaches_AzureWebJobsStorage_with_the_identity_instead_of_a_connection_string()
    {
        var settings = Settings.Entries("properties");

        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys);
        Assert.Equal("[parameters('storageAccountName')]", (string?)Settings.At("properties.AzureWebJobsStorage__accountName"));
        Assert.Equal(template.Arm.Module("storage").Argument("name"), Settings.Resolve("properties.AzureWebJobsStorage__accountName"));
        Assert.Equal("managedidentity", Settings.Resolve("properties.AzureWebJobsStorage__credential"));
        Assert.Equal($"[reference({Identity.ResourceId}, '2024-11-30').clientId]", Settings.Resolve("properties.AzureWebJobsStorage__clientId"));
    }

    [Fact]
    public void Keeps_mailbox_state_in_its_storage_account_signed_in_as_the_identity()
    {
        // The blob endpoint, not a connection string: the account has no shared keys.
        Assert.Equal(
            "[reference(resourceId('Microsoft.Storage/storageAccounts', parameters('storageAccountName')), '2025-01-01').primaryEndpoints.blob]",
            Settings.Resolve("properties.EMAILTRIAGE_STORAGE"));
        Assert.Equal($"[reference({Identity.ResourceId}, '2024-11-30').clientId]", Settings.Resolve("properties.AZURE_CLIENT_ID"));
        Assert.Equal(template.Arm.Module("storage").Argument("stateContainerName"), Settings.Resolve("properties.EMAILTRIAGE_STATE_CONTAINER"));
        Assert.Equal(template.Arm.Module("storage").Argument("stateContainerName"), Module.Argument("stateContainerName"));
    }

    [Fact]
    public void Reads_the_mailbox_queue_with_an_identity_based_connection()
    {
        Assert.Equal(
            "[reference(resourceId('Microsoft.Storage/storageAccounts', parameters('storageAccountName')), '2025-01-01').primaryEndpoints.queue]",
            Settings.Resolve("properties.EMAILTRIAGE_QUEUE_CONNECTION__queueServiceUri"));
        Assert.Equal("managedidentity", Settings.Resolve("properties.EMAILTRIAGE_QUEUE_CONNECTION__credential"));
        Assert.Equal($"[reference({Identity.ResourceId}, '2024-11-30').clientId]", Settings.Resolve("properties.EMAILTRIAGE_QUEUE_CONNECTION__clientId"));
        Assert.Equal(template.Arm.Module("storage").Argument("mailboxQueueName"), Settings.Resolve("properties.EMAILTRIAGE_QUEUE"));
        Assert.DoesNotContain("EMAILTRIAGE_QUEUE_CONNECTION", Settings.Entries("properties").Keys);
    }

    [Fact]
    public void Fetches_its_deployment_package_with_the_identity()
    {
        Assert.Equal("blobContainer", Site.Resolve("properties.functionAppConfig.deployment.storage.type"));
        Assert.EndsWith("parameters('deploymentContainerName'))]", Site.Resolve("properties.functionAppConfig.deployment.storage.value"), StringComparison.Ordinal);
        Assert.Equal("UserAssignedIdentity", Site.Resolve("properties.functionAppConfig.deployment.storage.authentication.type"));
        Assert.Equal($"[{Identity.ResourceId}]", Site.Resolve("properties.functionAppConfig.deployment.storage.authentication.userAssignedIdentityResourceId"));
        Assert.Equal(template.Arm.Module("storage").Argument("deploymentContainerName"), Module.Argument("deploymentContainerName"));
    }

    [Theory]
    [InlineData("LLM_API_KEY", "LLM-API-KEY")]
    [InlineData("GMAIL_REFRESH_TOKEN", "GMAIL-REFRESH-TOKEN")]
    [InlineData("GMAIL_CLIENT_SECRET", "GMAIL-CLIENT-SECRET")]
    public void Reads_a_secret_setting_from_this_deployments_Key_Vault(string setting, string secret)
    {
        Assert.Equal(
            $"[format('@Microsoft.KeyVault(VaultName={{0}};SecretName={secret})', parameters('keyVaultName'))]",
            Settings.Resolve($"properties.{setting}"));
        Assert.Equal(template.Arm.Module("keyvault").Argument("name"), Module.Argument("keyVaultName"));
    }

    [Fact]
    public void Resolves_Key_Vault_references_with_the_user_assigned_identity()
    {
        Assert.Equal($"[{Identity.ResourceId}]", Site.Resolve("properties.keyVaultReferenceIdentity"));
    }

    [Fact]
    public void Sends_telemetry_signed_in_with_the_identity()
    {
        Assert.Equal(
            $"[format('ClientId={{0}};Authorization=AAD', reference({Identity.ResourceId}, '2024-11-30').clientId)]",
            Settings.Resolve("properties.APPLICATIONINSIGHTS_AUTHENTICATION_STRING"));
        Assert.Contains("'Microsoft.Insights/components'", Settings.Resolve("properties.APPLICATIONINSIGHTS_CONNECTION_STRING"), StringComparison.Ordinal);
    }

    [Fact]
    public void Accepts_only_HTTPS_with_TLS_1_2_or_later()
    {
        Assert.True(Site.Flag("properties.httpsOnly"));
        Assert.Equal("1.2", Site.Resolve("properties.siteConfig.minTlsVersion"));
        Assert.Equal("1.2", Site.Resolve("properties.siteConfig.scmMinTlsVersion"));
    }

    [Fact]
    public void Disables_FTP()
    {
        Assert.Equal("Disabled", Site.Resolve("properties.siteConfig.ftpsState"));
    }

    [Theory]
    [InlineData("ftp")]
    [InlineData("scm")]
    public void Turns_off_basic_publishing_credentials(string kind)
    {
        var policy = Assert.Single(
            template.Arm.Resources("Microsoft.Web/sites/basicPublishingCredentialsPolicies"),
            p => p.Resolve("name") == $"[format('{{0}}/{{1}}', parameters('name'), '{kind}')]");

        Assert.False(policy.Flag("properties.allow"));
    }

    [Fact]
    public void Is_tagged_as_the_azd_service_that_azure_yaml_deploys()
    {
        var services = FlatYaml.Parse(Repository.Read("azure.yaml")).Keys.Where(k => k.StartsWith("services.", StringComparison.Ordinal));

        Assert.Equal("api", Site.Resolve("tags.azd-service-name"));
        Assert.Contains("services.api.project", services);
        Assert.Equal("[parameters('environmentName')]", Site.Resolve("tags.azd-env-name"));
    }

    [Theory]
    [InlineData("TRIAGE_SCHEDULE", "0 */5 * * * *")]
    [InlineData("LLM_BASE_URL", "https://api.together.xyz/v1")]
    [InlineData("LLM_MODEL", "meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo")]
    [InlineData("LLM_MAX_CONCURRENCY", "4")]
    [InlineData("TRIAGE_QUERY", "in:inbox newer_than:7d")]
    [InlineData("GMAIL_USER", "me")]
    [InlineData("LABEL_CONFIG_FILE", "config/labels.json")]
    public void Gives_a_setting_its_default_from_main_bicep(string setting, string expected)
    {
        Assert.Equal(expected, Settings.Resolve($"properties.{setting}"));
    }

    [Theory]
    [InlineData("LLM_BASE_URL")]
    [InlineData("LLM_MODEL")]
    [InlineData("LLM_API_KEY")]
    [InlineData("LLM_MAX_CONCURRENCY")]
    [InlineData("LLM_TIMEOUT_SECONDS")]
    [InlineData("LLM_MAX_RETRIES")]
    [InlineData("LLM_MAX_BODY_CHARS")]
    [InlineData("LABEL_CONFIG_FILE")]
    [InlineData("LOG_LEVEL")]
    [InlineData("TRIAGE_SCHEDULE")]
    [InlineData("TRIAGE_RUN_BUDGET_SECONDS")]
    [InlineData("TRIAGE_QUERY")]
    [InlineData("GMAIL_USER")]
    [InlineData("GMAIL_CLIENT_ID")]
    [InlineData("GMAIL_REFRESH_TOKEN")]
    [InlineData("GMAIL_CLIENT_SECRET")]
    [InlineData("EMAILTRIAGE_STORAGE")]
    [InlineData("EMAILTRIAGE_STATE_CONTAINER")]
    [InlineData("AZURE_CLIENT_ID")]
    public void Sets_every_setting_the_app_reads(string setting)
    {
        Assert.False(string.IsNullOrWhiteSpace(Settings.Resolve($"properties.{setting}")), $"{setting} is not set or empty");
    }

    [Fact]
    public void Takes_the_Gmail_client_id_from_a_required_parameter()
    {
        // Resolution stops at main.bicep's parameter because it has no default: azd asks for it or reads GMAIL_CLIENT_ID.
        Assert.Equal("[parameters('gmailClientId')]", Settings.Resolve("properties.GMAIL_CLIENT_ID"));
        Assert.Null(template.Arm.Main.Parameters["gmailClientId"]["defaultValue"]);
    }

    [Theory]
    [InlineData("FUNCTIONS_WORKER_RUNTIME")]
    [InlineData("FUNCTIONS_EXTENSION_VERSION")]
    [InlineData("WEBSITE_RUN_FROM_PACKAGE")]
    [InlineData("WEBSITE_CONTENTAZUREFILECONNECTIONSTRING")]
    [InlineData("WEBSITE_CONTENTSHARE")]
    [InlineData("AzureWebJobsStorage")]
    public void Leaves_out_settings_that_Flex_Consumption_rejects_or_that_need_a_key(string setting)
    {
        Assert.DoesNotContain(setting, Settings.Entries("properties").Keys);
    }
}
