using System.Collections.Concurrent;
using System.Text;
using EmailTriage.Classification;
using EmailTriage.Graph.Api;
using EmailTriage.Graph.Auth;
using EmailTriage.Labels;
using EmailTriage.Mailboxes;
using EmailTriage.State;
using EmailTriage.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmailTriage.Graph.Tests.Support;

/// <summary>A fake Graph server and a real <see cref="GraphMailbox"/> talking to it over loopback, with back-off waits recorded instead of waited.</summary>
internal sealed class GraphTestbed : IAsyncDisposable
{
    private readonly HttpClient _client = new() { Timeout = Timeout.InfiniteTimeSpan };

    private GraphTestbed(FakeGraphServer server, GraphOptions options)
    {
        Server = server;
        Options = options;
        Credential = new FakeGraphCredential(server);
        Mailbox = NewMailbox();
    }

    public FakeGraphServer Server { get; }

    public GraphOptions Options { get; }

    public FakeGraphCredential Credential { get; }

    /// <summary>Every back-off wait asked for, in order.</summary>
    public ConcurrentQueue<TimeSpan> Waits { get; } = new();

    /// <summary>The mailbox's state store, shared by every run of the testbed, as a mailbox's state folder is.</summary>
    public MemoryStateStore State { get; } = new();

    public GraphMailbox Mailbox { get; private set; }

    public static LabelConfig Labels { get; } = new(
        [
            new LabelDefinition("Receipts", "Purchases and invoices", [], [], LabelAction.None),
            new LabelDefinition("Newsletters", "Mailing lists", [], [], LabelAction.Archive),
            new LabelDefinition("Work", "Work mail", [], [], LabelAction.None),
        ],
        "Review",
        "labels.json");

    public static async Task<GraphTestbed> StartAsync(string labelsAs = "categories", int maxRetries = 3, Action<GraphOptions>? configure = null)
    {
        var server = await FakeGraphServer.StartAsync(TestContext.Current.CancellationToken);
        var options = new GraphOptions
        {
            ApiBaseUrl = server.BaseUrl.ToString(),
            ClientId = "8b1e2a4c-0d3f-4e5a-9b6c-7d8e9f0a1b2c",
            LabelsAs = labelsAs,
            MaxRetries = maxRetries,
        };
        configure?.Invoke(options);
        return new GraphTestbed(server, options);
    }

    /// <summary>A mailbox as a new process would build it (nothing kept in memory from earlier runs), on the same server and state.</summary>
    public GraphMailbox NewMailbox()
    {
        Mailbox = new GraphMailbox(Http(), Options, GraphMessageReader.ByteBudget(2000), TimeProvider.System, NullLogger.Instance);
        return Mailbox;
    }

    public GraphHttp Http() => new(
        _client,
        new Uri(Options.EffectiveApiBaseUrl),
        new GraphAccess(Credential, ["https://graph.microsoft.com/.default"], "the test's GRAPH_* settings", _ => Task.FromResult<string?>(Server.MailboxAddress)),
        new GraphBackOff(Options.RetryPolicy, (wait, _) =>
        {
            Waits.Enqueue(wait);
            return Task.CompletedTask;
        }),
        NullLogger.Instance);

    public async Task<GraphSession> OpenAsync(bool dryRun = false, LabelConfig? labels = null, IStateStore? state = null) =>
        (GraphSession)await Mailbox.OpenAsync(new MailboxRun(labels ?? Labels, dryRun, state ?? State), TestContext.Current.CancellationToken);

    public static async Task<List<MailboxItem>> ListAsync(IMailboxSession session, int? max = null, CancellationToken? cancellationToken = null)
    {
        var items = new List<MailboxItem>();
        await foreach (var item in session.ListNewAsync(max, cancellationToken ?? TestContext.Current.CancellationToken))
        {
            items.Add(item);
        }

        return items;
    }

    /// <summary>
    /// One run as the runner makes it, with <paramref name="decide"/> in place of the classifier: open, list, and apply each
    /// label to its group. Answers the ids handed over and those whose label failed.
    /// </summary>
    public async Task<(List<string> Listed, List<string> Failed)> TriageAsync(Func<string, string> decide, CancellationToken? cancellationToken = null)
    {
        var token = cancellationToken ?? TestContext.Current.CancellationToken;
        await using var session = await OpenAsync();
        var items = await ListAsync(session, cancellationToken: token);
        var failed = new List<string>();
        foreach (var group in items.GroupBy(i => decide(Subject(i))))
        {
            var action = Labels.Find(group.Key)?.Action ?? LabelAction.None;
            failed.AddRange(await session.ApplyAsync(new LabelGroup(group.Key, action, [.. group.Select(i => new LabelAssignment(i.Id, DecisionSource.Rule, "test"))]), token));
        }

        return ([.. items.Select(i => i.Id)], failed);
    }

    public static string Subject(MailboxItem item)
    {
        using var stream = item.OpenAsync(CancellationToken.None).GetAwaiter().GetResult();
        using var reader = new StreamReader(stream, Encoding.UTF8);
        for (var line = reader.ReadLine(); line is { Length: > 0 }; line = reader.ReadLine())
        {
            if (line.StartsWith("Subject: ", StringComparison.Ordinal))
            {
                return line["Subject: ".Length..];
            }
        }

        return "";
    }

    public static string Rfc822(int n, string? subject = null, string from = "sender@example.com") =>
        $"From: {from}\r\nTo: me@example.com\r\nSubject: {subject ?? $"Message {n}"}\r\nDate: Mon, 2 Nov 2026 10:00:00 +0000\r\nMessage-ID: <m{n}@example.com>\r\n\r\nBody of message {n}.\r\n";

    public IReadOnlyList<string> AddMessages(int count, Func<int, string>? subject = null) =>
        [.. Enumerable.Range(1, count).Select(n => Server.AddMessage(Rfc822(n, subject?.Invoke(n))))];

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await Server.DisposeAsync();
    }
}
