using System.Collections.Concurrent;
using EmailTriage.Gmail.Api;
using EmailTriage.Gmail.Auth;
using EmailTriage.Labels;
using EmailTriage.Mailboxes;
using EmailTriage.Testing;
using Google.Apis.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmailTriage.Gmail.Tests;

/// <summary>A fake Gmail server and a real <see cref="GmailMailbox"/> talking to it over loopback.</summary>
internal sealed class GmailTestbed : IAsyncDisposable
{
    private GmailTestbed(FakeGmailServer server, GmailOptions options, IConfigurableHttpClientInitializer? credential)
    {
        Server = server;
        Options = options;

        // Back-off waits are recorded, not waited, so fault tests stay fast and can check what was asked for.
        Api = GmailApiFactory.Create(options, credential, delay: (wait, _) =>
        {
            Waits.Enqueue(wait);
            return Task.CompletedTask;
        });
        Mailbox = new GmailMailbox(Api, options, NullLogger<GmailMailbox>.Instance);
    }

    public ConcurrentQueue<TimeSpan> Waits { get; } = new();

    public FakeGmailServer Server { get; }

    public GmailOptions Options { get; }

    public GmailApi Api { get; }

    public GmailMailbox Mailbox { get; }

    /// <summary>The session the last <see cref="OpenAsync"/> opened; disposed with the testbed.</summary>
    public GmailSession Session => _session ?? throw new InvalidOperationException("Call OpenAsync first.");

    private GmailSession? _session;

    public async Task<GmailSession> OpenAsync(LabelConfig labels, bool dryRun, CancellationToken cancellationToken, EmailTriage.State.IStateStore? state = null)
    {
        if (_session is not null)
        {
            await _session.DisposeAsync();
        }

        return _session = await Mailbox.OpenAsync(labels, dryRun, cancellationToken, state);
    }

    public static LabelConfig Labels { get; } = new(
        [
            new LabelDefinition("Receipts", "Purchases and invoices", [], [], LabelAction.None),
            new LabelDefinition("Newsletters", "Mailing lists", [], [], LabelAction.Archive),
            new LabelDefinition("Triage/Old mail", "Nested label", [], [], LabelAction.Archive),
        ],
        "Review",
        "labels.json");

    public static async Task<GmailTestbed> StartAsync(int maxRetries = 3, Func<FakeGmailServer, Task<GmailCredential>>? signIn = null)
    {
        var server = await FakeGmailServer.StartAsync(TestContext.Current.CancellationToken);
        var options = new GmailOptions { ApiBaseUrl = server.BaseUrl.ToString(), MaxRetries = maxRetries };
        return new GmailTestbed(server, options, signIn is null ? null : await signIn(server));
    }

    public static string Rfc822(int n) =>
        $"From: sender{n}@example.com\r\nTo: me@example.com\r\nSubject: Message {n}\r\nDate: Mon, 2 Nov 2026 10:00:00 +0000\r\nMessage-ID: <m{n}@example.com>\r\n\r\nBody of message {n}.\r\n";

    public IReadOnlyList<string> AddMessages(int count) => [.. Enumerable.Range(1, count).Select(n => Server.AddMessage(Rfc822(n)))];

    public async Task<List<MailboxItem>> ListAsync()
    {
        var items = new List<MailboxItem>();
        await foreach (var item in Session.ListNewAsync(max: null, TestContext.Current.CancellationToken))
        {
            items.Add(item);
        }

        return items;
    }

    public string LabelId(string name) => Server.Labels.Single(l => string.Equals(l.Name, name, StringComparison.OrdinalIgnoreCase)).Id;

    public async ValueTask DisposeAsync()
    {
        if (_session is not null)
        {
            await _session.DisposeAsync();
        }

        Api.Dispose();
        await Server.DisposeAsync();
    }
}
