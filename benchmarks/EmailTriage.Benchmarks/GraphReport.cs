using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Azure.Core;
using EmailTriage.Graph;
using EmailTriage.Graph.Auth;
using EmailTriage.Mailboxes;
using EmailTriage.Testing;
using EmailTriage.Triage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EmailTriage.Benchmarks;

/// <summary>
/// HTTP requests and wall time for one triage run of N new messages through the real runner and the <c>graph</c> kind, against
/// a Graph-shaped server on loopback that adds <c>latency</c> to every request (the distance to Graph); then the next run
/// (which reads back the N labels it wrote, as a delta does) and an idle run (nothing changed). The naive client, one GET of
/// the MIME and one PATCH per message after one list, is measured against the same server with the same latency.
/// </summary>
internal static class GraphReport
{
    public static async Task RunAsync(int messages, TimeSpan latency)
    {
        await using var graph = await FakeGraphServer.StartAsync();
        await using var llm = await FakeLlmServer.StartAsync();
        llm.RecordRequests = false;
        llm.Answer = request => request.User.Contains("Subject: Invoice", StringComparison.Ordinal) ? "Finance" : "Work";
        AddMail(graph, messages);
        var folder = Directory.CreateTempSubdirectory("graph-report-").FullName;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LLM_BASE_URL"] = llm.BaseUrl.ToString(),
            ["LLM_MODEL"] = "test-model",
            ["LLM_MAX_CONCURRENCY"] = "8",
            ["LABEL_CONFIG_FILE"] = Path.Combine(SampleMail.RepoRoot, "config", "labels.json"),
            ["GRAPH_API_BASE_URL"] = graph.BaseUrl.ToString(),
            ["GRAPH_CLIENT_ID"] = "8b1e2a4c-0d3f-4e5a-9b6c-7d8e9f0a1b2c",
            ["EMAILTRIAGE_STATE_DIR"] = Path.Combine(folder, "state"),
        }).Build();
        await using var services = new ServiceCollection()
            .AddSingleton<IGraphSignIns>(new BenchSignIns(graph))
            .AddEmailTriage(configuration, folder).AddLlm().AddGraph(configuration).AddLogging().BuildServiceProvider();
        var runner = services.GetRequiredService<TriageRunner>();
        var catalog = services.GetRequiredService<MailboxCatalog>();
        var flat = catalog.Choose("graph", "--mailbox")!;

        // First contact creates the categories in the master list; a user's first run pays that once, so it is measured apart.
        var labels = services.GetRequiredService<EmailTriage.Labels.LabelConfigLoader>().Load();
        await using (await (await catalog.OpenAsync(flat, CancellationToken.None)).OpenAsync(new MailboxRun(labels, DryRun: false, new EmailTriage.State.FileStateStore(Path.Combine(folder, "setup"))), CancellationToken.None))
        {
        }

        graph.Latency = latency;
        var (first, firstTime, firstSummary) = await MeasureAsync(graph, async () => await runner.RunAsync(await catalog.OpenAsync(flat, CancellationToken.None), new TriageRequest(), CancellationToken.None));
        var (next, nextTime, _) = await MeasureAsync(graph, async () => await runner.RunAsync(await catalog.OpenAsync(flat, CancellationToken.None), new TriageRequest(), CancellationToken.None));
        var (idle, idleTime, idleSummary) = await MeasureAsync(graph, async () => await runner.RunAsync(await catalog.OpenAsync(flat, CancellationToken.None), new TriageRequest(), CancellationToken.None));
        var (naive, naiveTime) = await NaiveAsync(messages, latency);

        var labelsUsed = firstSummary.PerLabel.Count;
        var bound = 1 + Ceiling(messages, GraphPaths.PageSize) + Ceiling(messages, 20) + (Ceiling(messages, 20) + labelsUsed);
        Console.WriteLine($"graph: {messages} new messages, {labelsUsed} labels used, {firstSummary.Applied} labelled; {latency.TotalMilliseconds:0} ms added to every request");
        Console.WriteLine($"  first run:  HTTP requests {first.Count} ({Calls(first)}); bound open+ceil(N/{GraphPaths.PageSize})+ceil(N/20)+ceil(N/20)+L = {bound}; wall time {firstTime.TotalSeconds:0.00} s");
        Console.WriteLine($"  naive (list, then GET $value and PATCH each): HTTP requests {naive} (2N+1 = {(2 * messages) + 1}); wall time {naiveTime.TotalSeconds:0.00} s");
        Console.WriteLine($"  next run (the delta brings back the {firstSummary.Applied} labels it wrote): HTTP requests {next.Count} ({Calls(next)}); wall time {nextTime.TotalSeconds:0.00} s");
        Console.WriteLine($"  idle run (nothing changed): {idleSummary.Candidates} new, HTTP requests {idle.Count} ({Calls(idle)}), LLM calls {idleSummary.Usage.Calls}, wall time {idleTime.TotalMilliseconds:0} ms");
    }

    private static void AddMail(FakeGraphServer graph, int messages)
    {
        for (var i = 0; i < messages; i++)
        {
            var subject = i % 2 == 0 ? $"Invoice {i}" : $"Project note {i}";
            graph.AddMessage($"From: sender{i}@corp.example\r\nTo: alex@morgan.example\r\nSubject: {subject}\r\nMessage-ID: <{i}@bench.example>\r\n\r\nText of message {i}.\r\n");
        }
    }

    private static async Task<(List<FakeGraphRequest> Requests, TimeSpan Time, TriageSummary Summary)> MeasureAsync(FakeGraphServer graph, Func<Task<TriageSummary>> run)
    {
        var before = graph.Requests.Count;
        var timer = Stopwatch.StartNew();
        var summary = await run();
        timer.Stop();
        return ([.. graph.Requests.Skip(before).Where(r => !r.InBatch)], timer.Elapsed, summary);
    }

    private static string Calls(List<FakeGraphRequest> requests) =>
        string.Join(", ", requests.GroupBy(r => r.Call).Select(g => $"{g.Key} {g.Count()}"));

    /// <summary>The client one writes first: list the inbox, then read and label each message, one request at a time.</summary>
    private static async Task<(int Requests, TimeSpan Time)> NaiveAsync(int messages, TimeSpan latency)
    {
        await using var graph = await FakeGraphServer.StartAsync();
        AddMail(graph, messages);
        graph.Latency = latency;
        using var http = new HttpClient { BaseAddress = graph.BaseUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", graph.IssueAccessToken());
        var timer = Stopwatch.StartNew();
        using var list = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync($"me/mailFolders/inbox/messages?$select=id&$top={messages}"));
        foreach (var message in list.RootElement.GetProperty("value").EnumerateArray())
        {
            var id = Uri.EscapeDataString(message.GetProperty("id").GetString()!);
            var mime = await http.GetByteArrayAsync($"me/messages/{id}/$value");
            var label = Encoding.UTF8.GetString(mime).Contains("Subject: Invoice", StringComparison.Ordinal) ? "Finance" : "Work";
            using var patch = new StringContent($$"""{"categories": ["{{label}}"]}""", Encoding.UTF8, "application/json");
            (await http.PatchAsync($"me/messages/{id}", patch)).EnsureSuccessStatusCode();
        }

        timer.Stop();
        return (graph.HttpRequestCount, timer.Elapsed);
    }

    private static int Ceiling(int n, int size) => (n + size - 1) / size;

    /// <summary>Every mailbox signs in with tokens of the fake server.</summary>
    private sealed class BenchSignIns(FakeGraphServer graph) : IGraphSignIns
    {
        public GraphAccess For(GraphOptions options, bool interactive) =>
            new(new Credential(graph), GraphScopes.For(options), "the benchmark's settings", _ => Task.FromResult<string?>(graph.MailboxAddress));

        public bool HasSignIn(GraphOptions options) => true;
    }

    private sealed class Credential(FakeGraphServer graph) : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(graph.IssueAccessToken(), DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
