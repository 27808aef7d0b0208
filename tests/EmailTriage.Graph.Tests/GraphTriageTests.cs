using EmailTriage.Filing;
using EmailTriage.Graph.Tests.Support;
using EmailTriage.Mailboxes;
using EmailTriage.Testing;
using EmailTriage.Triage;
using Microsoft.Extensions.DependencyInjection;

namespace EmailTriage.Graph.Tests;

/// <summary>The real runner, rules and LLM classifier over the <c>graph</c> kind as a host registers it, both servers on loopback.</summary>
public sealed class GraphTriageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task First_run_labels_everything_and_the_second_does_nothing()
    {
        await using var graph = await FakeGraphServer.StartAsync(Ct);
        await using var llm = await FakeLlmServer.StartAsync(Ct);
        llm.Answer = request => request.User.Contains("invoice", StringComparison.OrdinalIgnoreCase) ? "Receipts" : "Review";
        var mine = graph.AddMessage(Mail(0, "lunch on sunday", "mum@example.com"), categories: "Work");
        var fromRule = graph.AddMessage(Mail(1, "Weekly digest", "digest@news.example.com"));
        var invoice = graph.AddMessage(Mail(2, "Your invoice #42", "billing@shop.example"), categories: "Family");
        var other = graph.AddMessage(Mail(3, "Hello there", "someone@example.org"));
        using var host = GraphHost.Start(graph, llm);
        var runner = host.Services.GetRequiredService<TriageRunner>();

        var first = await runner.RunAsync(await OpenAsync(host), new TriageRequest(), Ct);
        var llmCalls = llm.ChatRequestCount;
        var second = await runner.RunAsync(await OpenAsync(host), new TriageRequest(), Ct);

        Assert.Equal((3, 3), (first.Candidates, first.Applied));
        Assert.Equal(["Newsletters"], graph.CategoriesOf(fromRule));
        Assert.Equal("Archive", graph.FolderNameOf(fromRule));
        Assert.Equal(["Family", "Receipts"], graph.CategoriesOf(invoice));
        Assert.Equal(["Review"], graph.CategoriesOf(other));
        Assert.Equal(["Work"], graph.CategoriesOf(mine));
        Assert.Null(graph.PropertyOf(mine, GraphMarker.PropertyId));
        Assert.Equal(2, llmCalls);
        Assert.Equal(0, second.Candidates);
        Assert.Equal(llmCalls, llm.ChatRequestCount);
        Assert.All([fromRule, invoice, other], id => Assert.Equal(1, graph.LabelWritesOf(id)));
    }

    [Fact]
    public async Task A_correction_by_category_change_is_learned_on_the_next_run()
    {
        await using var graph = await FakeGraphServer.StartAsync(Ct);
        await using var llm = await FakeLlmServer.StartAsync(Ct);
        llm.Answer = _ => "Receipts";
        var id = graph.AddMessage(Mail(1, "Team offsite agenda", "boss@corp.example"));
        var model = new RecordingFilingModel();
        using var host = GraphHost.Start(graph, llm, models: new RecordingFilingModels(model));
        var runner = host.Services.GetRequiredService<TriageRunner>();
        await runner.RunAsync(await OpenAsync(host), new TriageRequest(), Ct);
        Assert.Empty(model.Learned);

        graph.SetCategoriesAsUser(id, "Work");
        var second = await runner.RunAsync(await OpenAsync(host), new TriageRequest(), Ct);

        var learned = Assert.Single(model.Learned);
        Assert.Equal(("Work", FilingKind.Corrected, "Team offsite agenda"), (learned.Label, learned.Kind, learned.Message.Subject));
        Assert.Equal(1, second.Learning?.Corrected);
    }

    [Fact]
    public async Task A_dry_run_changes_nothing_in_Outlook()
    {
        await using var graph = await FakeGraphServer.StartAsync(Ct);
        await using var llm = await FakeLlmServer.StartAsync(Ct);
        llm.Answer = _ => "Work";
        var id = graph.AddMessage(Mail(1, "Hello", "someone@example.org"));
        using var host = GraphHost.Start(graph, llm);

        var summary = await host.Services.GetRequiredService<TriageRunner>().RunAsync(await OpenAsync(host), new TriageRequest { DryRun = true }, Ct);

        Assert.Equal(1, summary.Candidates);
        Assert.Empty(graph.CategoriesOf(id));
        Assert.Empty(graph.MasterCategories);
        Assert.All(graph.Requests.Where(r => r.Call != FakeGraphCall.Batch), r => Assert.Equal("GET", r.Method));
    }

    private static Task<IMailbox> OpenAsync(GraphHost host)
    {
        var catalog = host.Services.GetRequiredService<MailboxCatalog>();
        return catalog.OpenAsync(catalog.Choose("graph", "--mailbox")!, Ct);
    }

    private static string Mail(int n, string subject, string from) =>
        $"From: {from}\r\nTo: me@example.com\r\nSubject: {subject}\r\nDate: Mon, 2 Nov 2026 10:0{n}:00 +0000\r\nMessage-ID: <g{n}@example.com>\r\n\r\nText of message {n} about {subject}.\r\n";
}
