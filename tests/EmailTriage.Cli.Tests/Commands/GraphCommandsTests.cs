using EmailTriage.Cli.Tests.Support;

namespace EmailTriage.Cli.Tests.Commands;

/// <summary>The <c>graph</c> mailbox kind in the real CLI: registered by CliServices' one AddGraph line, its settings read from the environment.</summary>
public sealed class GraphCommandsTests
{
    private const string ClientId = "8b1e2a4c-0d3f-4e5a-9b6c-7d8e9f0a1b2c";

    [Fact]
    public async Task Check_names_the_graph_mailbox_and_says_to_sign_in()
    {
        using var workspace = new CliWorkspace().With("GRAPH_CLIENT_ID", ClientId);

        var check = await workspace.RunAsync("check");

        Assert.Contains("graph", check.Output + check.Error, StringComparison.Ordinal);
        Assert.Contains("emailtriage auth graph", check.Output + check.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auth_graph_for_the_apps_own_identity_has_nothing_to_do()
    {
        using var workspace = new CliWorkspace().With("GRAPH_AUTH", "managed-identity").With("GRAPH_USER", "team@contoso.example");

        var auth = await workspace.RunAsync("auth", "graph");

        Assert.Equal(ExitCodes.Done, auth.ExitCode);
        Assert.Contains("app's own identity", auth.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_graph_setting_stops_the_cli_before_any_work_naming_it()
    {
        using var workspace = new CliWorkspace().With("GRAPH_LABELS_AS", "tags");

        var triage = await workspace.RunAsync("triage", "--dry-run");

        Assert.Equal(ExitCodes.BadConfiguration, triage.ExitCode);
        Assert.Contains("GRAPH_LABELS_AS", triage.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Triage_of_the_apps_own_access_without_a_mailbox_names_GRAPH_USER()
    {
        using var workspace = new CliWorkspace().With("GRAPH_AUTH", "managed-identity");

        var triage = await workspace.RunAsync("triage", "--mailbox", "graph", "--dry-run");

        Assert.Equal(ExitCodes.BadConfiguration, triage.ExitCode);
        Assert.Contains("GRAPH_USER", triage.Error, StringComparison.Ordinal);
    }
}
