using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using EmailTriage.Imap;
using EmailTriage.Testing;
using EmailTriage.Triage;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace EmailTriage.Benchmarks;

/// <summary>
/// What a triage run costs an IMAP server: commands sent and bytes downloaded for N new ~50 KB messages (a text part and
/// an attachment), counted on a loopback relay in front of a throw-away Dovecot, against a naive client that fetches every
/// full message and then stores a keyword message by message; and an idle run (nothing new). Rules decide (no LLM).
/// </summary>
internal static class ImapCostReport
{
    public static async Task RunAsync(params int[] sizes)
    {
        Console.WriteLine("IMAP cost per run (Dovecot on loopback; commands = lines the client sent, bytes = what the server sent)");
        foreach (var n in sizes)
        {
            var ours = await MeasureAsync(n, "keywords", naive: false);
            var folders = await MeasureAsync(n, "folders", naive: false);
            var naive = await MeasureAsync(n, "keywords", naive: true);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  N={n} new messages of ~{ours.MessageBytes / 1024} KB:"));
            Print("ours, keywords", ours.First);
            Print("ours, folders (MOVE)", folders.First);
            Print("naive (full fetch, one STORE each)", naive.First);
            Print("idle run (ours, nothing new)", ours.Idle!);
        }
    }

    private static void Print(string what, Cost cost) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"    {what,-36} {cost.Commands,6} commands {cost.Bytes / 1024.0 / 1024.0,8:0.00} MiB down {cost.Seconds,7:0.000} s"));

    private static async Task<(Cost First, Cost? Idle, long MessageBytes)> MeasureAsync(int n, string labelsAs, bool naive)
    {
        await using var dovecot = await DovecotServer.StartAsync(CancellationToken.None);
        var folder = Directory.CreateTempSubdirectory("emailtriage-imap-bench-").FullName;
        try
        {
            var size = await FillAsync(dovecot.Port, n);
            await using var relay = await CountingRelay.StartAsync(dovecot.Port);
            if (naive)
            {
                return (await relay.MeasureAsync(() => NaiveRunAsync(relay.Port)), null, size);
            }

            File.WriteAllText(Path.Combine(folder, "labels.json"), """
                { "labels": [ { "name": "Receipts", "description": "Invoices.", "rules": [{ "domain": "shop.example" }] },
                              { "name": "Newsletters", "description": "Digests.", "rules": [{ "domain": "news.example" }] },
                              { "name": "Review", "description": "Everything else.", "rules": [{ "domain": "example.org" }] } ] }
                """);
            using var services = DovecotAccount.Services(folder, relay.Port, labelsAs);
            var runner = services.GetRequiredService<TriageRunner>();
            var mailbox = services.GetRequiredService<ImapMailboxFactory>().Create();
            var first = await relay.MeasureAsync(async () => Check(await runner.RunAsync(mailbox, new TriageRequest(), CancellationToken.None), n));
            var idle = await relay.MeasureAsync(async () => Check(await runner.RunAsync(mailbox, new TriageRequest(), CancellationToken.None), 0));
            return (first, idle, size);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void Check(TriageSummary summary, int expected)
    {
        if (summary.Applied != expected)
        {
            throw new InvalidOperationException($"expected {expected} labelled, the run labelled {summary.Applied} ({summary.StoppedBecause})");
        }
    }

    /// <summary>The client the issue compares with: every message fetched whole, then one STORE per message.</summary>
    private static async Task NaiveRunAsync(int port)
    {
        using var client = await DovecotAccount.ConnectAsync(port);
        await client.Inbox.OpenAsync(FolderAccess.ReadWrite);
        foreach (var uid in await client.Inbox.SearchAsync(SearchQuery.All))
        {
            var message = await client.Inbox.GetMessageAsync(uid);
            var label = message.From.Mailboxes.First().Domain.Split('.')[0];
            await client.Inbox.StoreAsync(uid, new StoreFlagsRequest(StoreAction.Add, [label, "$EmailTriaged"]) { Silent = true });
        }

        await client.DisconnectAsync(quit: true);
    }

    /// <summary>Appends <paramref name="n"/> messages of about 50 KB; returns the size of one.</summary>
    private static async Task<long> FillAsync(int port, int n)
    {
        using var client = await DovecotAccount.ConnectAsync(port);
        var random = new Random(7);
        long size = 0;
        foreach (var chunk in Enumerable.Range(0, n).Chunk(100))
        {
            var requests = chunk.Select(i => (IAppendRequest)new AppendRequest(Mail(i, random), MessageFlags.None)).ToList();
            await client.Inbox.AppendAsync(requests);
            using var measure = new MemoryStream();
            await ((AppendRequest)requests[0]).Message.WriteToAsync(measure);
            size = measure.Length;
        }

        await client.DisconnectAsync(quit: true);
        return size;
    }

    private static MimeMessage Mail(int i, Random random)
    {
        var domains = new[] { "shop.example", "news.example", "example.org" };
        var body = new BodyBuilder { TextBody = string.Join(' ', Enumerable.Repeat($"Line {i} of the message text, with an order number and a total.", 30)) };
        var attachment = new byte[36 * 1024];
        random.NextBytes(attachment);
        body.Attachments.Add($"document-{i}.pdf", attachment, new ContentType("application", "pdf"));
        var message = new MimeMessage { Subject = $"Message {i}", Date = new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.Zero).AddMinutes(i), Body = body.ToMessageBody() };
        message.From.Add(new MailboxAddress("Sender", $"sender{i % 7}@{domains[i % domains.Length]}"));
        message.To.Add(new MailboxAddress("Me", "me@example.com"));
        message.MessageId = $"bench{i}@example.com";
        return message;
    }

    private sealed record Cost(long Commands, long Bytes, double Seconds);

    /// <summary>A loopback relay that counts the lines clients send (IMAP commands) and the bytes the server sends back.</summary>
    private sealed class CountingRelay : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly int _target;
        private readonly CancellationTokenSource _stop = new();
        private readonly List<Task> _pumps = [];
        private long _lines;
        private long _bytesDown;
        private Task _accepting = Task.CompletedTask;

        private CountingRelay(int target) => _target = target;

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public static Task<CountingRelay> StartAsync(int target)
        {
            var relay = new CountingRelay(target);
            relay._listener.Start();
            relay._accepting = relay.AcceptAsync();
            return Task.FromResult(relay);
        }

        public async Task<Cost> MeasureAsync(Func<Task> run)
        {
            var (lines, bytes) = (Interlocked.Read(ref _lines), Interlocked.Read(ref _bytesDown));
            var started = Stopwatch.GetTimestamp();
            await run();
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            lock (_pumps)
            {
                // Every connection of the run is closed by now; wait for its pumps to count the last bytes.
                Task.WaitAll([.. _pumps]);
                _pumps.Clear();
            }

            return new Cost(Interlocked.Read(ref _lines) - lines, Interlocked.Read(ref _bytesDown) - bytes, seconds);
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                var server = new TcpClient();
                await server.ConnectAsync(IPAddress.Loopback, _target);
                lock (_pumps)
                {
                    _pumps.Add(RelayAsync(client, server));
                }
            }
        }

        private async Task RelayAsync(TcpClient client, TcpClient server)
        {
            using (client)
            using (server)
            {
                // The streams are taken once, while both sockets are connected: a socket the other side has shut has none to give.
                var (up, down) = (client.GetStream(), server.GetStream());
                await Task.WhenAll(
                    PumpAsync(up, down, server.Client, counted => Interlocked.Add(ref _lines, counted.Span.Count((byte)'\n'))),
                    PumpAsync(down, up, client.Client, counted => Interlocked.Add(ref _bytesDown, counted.Length)));
            }
        }

        private static async Task PumpAsync(NetworkStream from, NetworkStream to, Socket toSocket, Action<ReadOnlyMemory<byte>> count)
        {
            var buffer = new byte[64 * 1024];
            try
            {
                int read;
                while ((read = await from.ReadAsync(buffer)) > 0)
                {
                    count(buffer.AsMemory(0, read));
                    await to.WriteAsync(buffer.AsMemory(0, read));
                }
            }
            catch (IOException)
            {
                // The other side went away.
            }

            try
            {
                toSocket.Shutdown(SocketShutdown.Send);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // Already closed.
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _accepting;
            _stop.Dispose();
        }
    }
}
