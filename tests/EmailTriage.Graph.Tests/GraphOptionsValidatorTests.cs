namespace EmailTriage.Graph.Tests;

/// <summary>GRAPH_* settings checked on start: each message names the setting and the fix.</summary>
public sealed class GraphOptionsValidatorTests
{
    [Fact]
    public void No_graph_settings_at_all_are_fine()
    {
        Assert.True(new GraphOptionsValidator().Validate(null, new GraphOptions()).Succeeded);
    }

    [Theory]
    [InlineData("GRAPH_AUTH", "password")]
    [InlineData("GRAPH_LABELS_AS", "tags")]
    [InlineData("GRAPH_CLIENT_ID", "my-app")]
    [InlineData("GRAPH_API_BASE_URL", "graph.microsoft.com/v1.0")]
    [InlineData("GRAPH_API_BASE_URL", "http://graph.contoso.example/v1.0/")]
    [InlineData("GRAPH_SINCE_DAYS", "0")]
    [InlineData("GRAPH_MAX_RETRIES", "11")]
    public void A_wrong_value_is_named_with_its_fix(string setting, string value)
    {
        var options = new GraphOptions();
        switch (setting)
        {
            case "GRAPH_AUTH": options.Auth = value; break;
            case "GRAPH_LABELS_AS": options.LabelsAs = value; break;
            case "GRAPH_CLIENT_ID": options.ClientId = value; break;
            case "GRAPH_API_BASE_URL": options.ApiBaseUrl = value; break;
            case "GRAPH_SINCE_DAYS": options.SinceDays = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            default: options.MaxRetries = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
        }

        var result = new GraphOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith(setting, failure, StringComparison.Ordinal);
        Assert.Matches("Remove the setting|Copy the GUID|Use https", failure);
    }

    [Fact]
    public void Plain_http_is_allowed_for_a_loopback_test_server()
    {
        Assert.True(new GraphOptionsValidator().Validate(null, new GraphOptions { ApiBaseUrl = "http://127.0.0.1:5000/v1.0/" }).Succeeded);
    }

    [Fact]
    public void An_app_registration_needs_its_client_id_and_the_mailboxes_tenant()
    {
        var result = new GraphOptionsValidator().Validate(null, new GraphOptions { Auth = "app-registration", Tenant = "common" });

        Assert.Equal(2, result.Failures!.Count());
        Assert.Contains(result.Failures!, f => f.Contains("GRAPH_CLIENT_ID", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("GRAPH_TENANT", StringComparison.Ordinal) && f.Contains("'common'", StringComparison.Ordinal));
    }

    [Fact]
    public void What_a_mailbox_cannot_do_without_is_named_when_it_is_opened()
    {
        var deviceCode = Assert.Throws<Configuration.SettingsException>(() => GraphMailboxFactory.Check(new GraphOptions()));
        var appOnly = Assert.Throws<Configuration.SettingsException>(() => GraphMailboxFactory.Check(new GraphOptions { Auth = "managed-identity" }));

        Assert.Contains("GRAPH_CLIENT_ID", deviceCode.Message, StringComparison.Ordinal);
        Assert.Contains("docs/graph_setup.md", deviceCode.Message, StringComparison.Ordinal);
        Assert.Contains("GRAPH_USER", appOnly.Message, StringComparison.Ordinal);
    }
}
