using EmailTriage.Configuration;
using EmailTriage.Graph.Tests.Support;
using EmailTriage.Health;
using EmailTriage.Mailboxes;
using EmailTriage.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EmailTriage.Graph.Tests;

/// <summary>The <c>graph</c> kind as the hosts see it through the plug-in contract: registered by AddGraph alone.</summary>
public sealed class GraphKindTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddGraph_alone_registers_the_kind_its_fields_and_its_sign_in()
    {
        await using var graph = await FakeGraphServer.StartAsync(Ct);
        using var host = GraphHost.Start(graph, llm: null);

        var kind = host.Services.GetRequiredService<MailboxKinds>().Find("graph");

        Assert.NotNull(kind);
        Assert.Equal(["user", "folder", "labelsAs", "apiBaseUrl"], kind.Fields.Select(f => f.Name));
        Assert.DoesNotContain(kind.Fields, f => f.IsSecretSetting);
        Assert.NotNull(kind.SignIn);
        Assert.False(kind.IsDefault);
    }

    [Fact]
    public async Task A_listed_mailbox_names_its_own_user_folder_and_label_mode()
    {
        await using var graph = await FakeGraphServer.StartAsync(Ct);
        graph.AddFolder("Shared");
        var id = graph.AddMessage(GraphTestbed.Rfc822(1), folder: "Shared");
        using var host = GraphHost.Start(graph, llm: null, new Dictionary<string, string?> { ["GRAPH_AUTH"] = "managed-identity" }, mailboxes: $$"""
            { "mailboxes": [ { "name": "team", "kind": "graph", "user": "{{graph.MailboxAddress}}", "folder": "Shared", "labelsAs": "folders" } ] }
            """);
        var catalog = host.Services.GetRequiredService<MailboxCatalog>();

        var mailbox = await catalog.OpenAsync(catalog.Choose("team", "--mailbox")!, Ct);
        await using var session = await mailbox.OpenAsync(new MailboxRun(GraphTestbed.Labels, DryRun: true, new MemoryStateStore()), Ct);
        var items = await GraphTestbed.ListAsync(session);

        Assert.Equal([id], items.Select(i => i.Id));
        Assert.Equal($"GRAPH {graph.MailboxAddress.ToUpperInvariant()}/SHARED", await mailbox.IdentifyAsync(Ct));
        Assert.Contains(graph.Requests, r => r.Path.StartsWith($"users/{graph.MailboxAddress}/mailFolders", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_listed_mailbox_with_a_wrong_label_mode_names_the_entry()
    {
        await using var graph = await FakeGraphServer.StartAsync(Ct);
        using var host = GraphHost.Start(graph, llm: null, mailboxes: """
            { "mailboxes": [ { "name": "work", "kind": "graph", "labelsAs": "tags" } ] }
            """);
        var catalog = host.Services.GetRequiredService<MailboxCatalog>();

        var error = await Assert.ThrowsAsync<SettingsException>(() => catalog.OpenAsync(catalog.Choose("work", "--mailbox")!, Ct));

        Assert.Contains("\"work\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("labelsAs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_account_and_folder_however_spelled_is_one_mailbox()
    {
        await using var graph = await FakeGraphServer.StartAsync(Ct);
        using var lower = GraphHost.Start(graph, llm: null, new Dictionary<string, string?> { ["GRAPH_FOLDER"] = "inbox" });
        using var upper = GraphHost.Start(graph, llm: null, new Dictionary<string, string?> { ["GRAPH_FOLDER"] = "Inbox" });

        var a = await OpenFlatAsync(lower);
        var b = await OpenFlatAsync(upper);

        Assert.Equal(await a.IdentifyAsync(Ct), await b.IdentifyAsync(Ct));
        Assert.Equal(0, graph.HttpRequestCount);
    }

    [Fact]
    public async Task Check_says_nothing_of_graph_when_it_is_not_set_up()
    {
        await using var graph = await FakeGraphServer.StartAsync(Ct);
        using var host = GraphHost.Start(graph, llm: null, new Dictionary<string, string?> { ["GRAPH_CLIENT_ID"] = null });

        var items = await Kind(host).ProbeAsync(MailboxDefinition.Flat("graph", "--mailbox"), HealthCheckDepth.Full, Ct);

        Assert.Empty(items);
    }

    [Fact]
    public async Task Check_says_nothing_of_graph_when_only_GRAPH_AUTH_is_set_as_every_Azure_deployment_does()
    {
        await using var graph = await FakeGraphServer.StartAsync(Ct);
        using var host = GraphHost.Start(graph, llm: null, new Dictionary<string, string?> { ["GRAPH_CLIENT_ID"] = null, ["GRAPH_AUTH"] = "managed-identity", ["GRAPH_USER"] = "" });

        var items = await Kind(host).ProbeAsync(MailboxDefinition.Flat("graph", "the settings"), HealthCheckDepth.Full, Ct);

        Assert.Empty(items);
    }

    [Fact]
    public async Task Check_without_a_sign_in_says_to_run_auth_graph_and_asks_for_no_code()
    {
        await using var graph = await FakeGraphServer.StartAsync(Ct);
        using var host = GraphHost.Start(graph, llm: null, signIns: false);

        var item = Assert.Single(await Kind(host).ProbeAsync(MailboxDefinition.Flat("graph", "--mailbox"), HealthCheckDepth.Full, Ct));

        Assert.Equal(HealthStatus.BadConfiguration, item.Status);
        Assert.Contains("emailtriage auth graph", item.Detail, StringComparison.Ordinal);
        Assert.Equal(0, graph.HttpRequestCount);
    }

    [Fact]
    public async Task Full_check_asks_Graph_for_the_folder()
    {
        await using var graph = await FakeGraphServer.StartAsync(Ct);
        graph.AddMessage(GraphTestbed.Rfc822(1));
        graph.AddMessage(GraphTestbed.Rfc822(2));
        using var host = GraphHost.Start(graph, llm: null);

        var item = Assert.Single(await Kind(host).ProbeAsync(MailboxDefinition.Flat("graph", "--mailbox"), HealthCheckDepth.Full, Ct));

        Assert.Equal(HealthStatus.Ok, item.Status);
        Assert.Contains("folder Inbox holds 2 messages", item.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_of_the_apps_own_access_without_a_mailbox_names_GRAPH_USER()
    {
        await using var graph = await FakeGraphServer.StartAsync(Ct);
        using var host = GraphHost.Start(graph, llm: null, new Dictionary<string, string?> { ["GRAPH_AUTH"] = "managed-identity" });

        var item = Assert.Single(await Kind(host).ProbeAsync(MailboxDefinition.Flat("graph", "--mailbox"), HealthCheckDepth.Quick, Ct));

        Assert.Equal(HealthStatus.BadConfiguration, item.Status);
        Assert.Contains("GRAPH_USER", item.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auth_graph_for_the_apps_own_identity_has_no_one_to_sign_in()
    {
        await using var graph = await FakeGraphServer.StartAsync(Ct);
        using var host = GraphHost.Start(graph, llm: null, new Dictionary<string, string?> { ["GRAPH_AUTH"] = "managed-identity", ["GRAPH_USER"] = graph.MailboxAddress }, signIns: false);
        using var output = new StringWriter();

        var said = await Kind(host).SignIn!.SignInAsync(new HashSet<string>(), output, Ct);

        Assert.Contains("app's own identity", said, StringComparison.Ordinal);
        Assert.Equal("", output.ToString());
    }

    private static IMailboxKind Kind(GraphHost host) => host.Services.GetRequiredService<MailboxKinds>().Find("graph")!;

    private static Task<IMailbox> OpenFlatAsync(GraphHost host)
    {
        var catalog = host.Services.GetRequiredService<MailboxCatalog>();
        return catalog.OpenAsync(catalog.Choose("graph", "--mailbox")!, Ct);
    }
}
