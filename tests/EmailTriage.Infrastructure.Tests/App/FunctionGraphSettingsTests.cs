using EmailTriage.Infrastructure.Tests.Support;

namespace EmailTriage.Infrastructure.Tests.App;

/// <summary>infra/app/function.bicep: the Graph mailbox kind's settings, which sign in as the app's identity and hold no secret.</summary>
public sealed class FunctionGraphSettingsTests(CompiledTemplate template)
{
    private ArmResource Settings => template.Arm.Resource("Microsoft.Web/sites/config");

    [Theory]
    [InlineData("MAILBOX", "gmail")]
    [InlineData("GRAPH_AUTH", "managed-identity")]
    [InlineData("GRAPH_FOLDER", "inbox")]
    [InlineData("GRAPH_LABELS_AS", "categories")]
    [InlineData("GRAPH_USER", "")]
    [InlineData("GRAPH_CLIENT_ID", "")]
    [InlineData("GRAPH_TENANT", "")]
    public void Gives_a_graph_setting_its_default_from_main_bicep(string setting, string expected)
    {
        Assert.Equal(expected, Settings.Resolve($"properties.{setting}"));
    }

    [Fact]
    public void No_graph_setting_is_a_secret()
    {
        var graph = Settings.Entries("properties").Where(e => e.Key.StartsWith("GRAPH_", StringComparison.Ordinal)).ToList();

        Assert.Equal(6, graph.Count);
        Assert.All(graph, e => Assert.DoesNotContain("KeyVault", Settings.Resolve($"properties.{e.Key}") ?? "", StringComparison.Ordinal));
    }

    [Fact]
    public void Offers_every_kind_a_timer_may_triage()
    {
        var allowed = template.Arm.Main.Parameters["mailbox"]["allowedValues"]!.AsArray().Select(v => (string?)v);

        Assert.Equal(["gmail", "imap", "graph"], allowed);
    }

    [Fact]
    public void Offers_only_the_sign_ins_that_need_no_secret()
    {
        var allowed = template.Arm.Main.Parameters["graphAuth"]["allowedValues"]!.AsArray().Select(v => (string?)v);

        Assert.Equal(["managed-identity", "app-registration"], allowed);
    }
}
