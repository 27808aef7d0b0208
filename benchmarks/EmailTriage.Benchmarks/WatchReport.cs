using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using EmailTriage.Imap;
using EmailTriage.Testing;
using EmailTriage.Triage;
using EmailTriage.Watching;
using MailKit;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace EmailTriage.Benchmarks;

/// <summary>
/// <c>watch</c> latency against a throw-away Dovecot on loopback: seconds from the APPEND of one message to the end of the
/// run that moved it into its label's folder, one message at a time, with IDLE and with polling (a server without IDLE).
/// Rules decide (no LLM), so the figure is the watch's own: wake-up, connect, search, fetch, MOVE.
/// </summary>
internal static class WatchReport
{
    private const string NoIdle = "imap_capability = IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE SORT MULTIAPPEND UNSELECT CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED CONDSTORE QRESYNC ESEARCH SEARCHRES MOVE SPECIAL-USE LITERAL+";

    public static async Task RunAsync(int messages, TimeSpan pollInterval)
    {
        Console.WriteLine($"watch latency, APPEND to label applied, {messages} messages one at a time (Dovecot on loopback, rules only)");
        await MeasureAsync("IDLE", messages, extraConfig: null, pollInterval);
        await MeasureAsync($"polling every {pollInterval.TotalSeconds:0} s (no IDLE)", messages, NoIdle, pollInterval);
    }

    private static async Task MeasureAsync(string mode, int messages, string? extraConfig, TimeSpan pollInterval)
    {
        await using var dovecot = await DovecotServer.StartAsync(CancellationToken.None, extraConfig);
        var folder = Directory.CreateTempSubdirectory("emailtriage-watch-bench-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "labels.json"), """
                { "labels": [ { "name": "Receipts", "description": "Invoices.", "rules": [{ "domain": "shop.example" }] },
                              { "name": "Review", "description": "Everything else." } ], "fallback": "Review" }
                """);
            using var services = DovecotAccount.Services(folder, dovecot.Port);
            var mailbox = services.GetRequiredService<ImapMailboxFactory>().Create();
            await using var waiter = mailbox.CreateWaiter(pollInterval, TimeProvider.System);
            var events = Channel.CreateUnbounded<WatchEvent>();
            using var stop = new CancellationTokenSource();
            var watch = Task.Run(() => services.GetRequiredService<MailboxWatch>().RunAsync(
                mailbox, waiter, new TriageRequest(), new WatchTiming(pollInterval), e => events.Writer.TryWrite(e), stop.Token));

            using var client = await DovecotAccount.ConnectAsync(dovecot.Port);
            var seconds = new List<double>();
            for (var i = 0; i < messages; i++)
            {
                await NextAsync<WatchEvent.Waiting>(events.Reader, _ => true);
                var appended = Stopwatch.GetTimestamp();
                await client.Inbox.AppendAsync(Mail(i), MessageFlags.None);
                await NextAsync<WatchEvent.RunCompleted>(events.Reader, r => r.Summary.Applied > 0);
                seconds.Add(Stopwatch.GetElapsedTime(appended).TotalSeconds);
            }

            await stop.CancelAsync();
            await watch.ContinueWith(_ => { }, TaskScheduler.Default);
            seconds.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {mode}: median {Percentile(seconds, 0.5):0.000} s, p90 {Percentile(seconds, 0.9):0.000} s, max {seconds[^1]:0.000} s, min {seconds[0]:0.000} s (n={seconds.Count})"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static async Task<T> NextAsync<T>(ChannelReader<WatchEvent> reader, Func<T, bool> where)
        where T : WatchEvent
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (true)
        {
            if (await reader.ReadAsync(timeout.Token) is T wanted && where(wanted))
            {
                return wanted;
            }
        }
    }

    private static MimeMessage Mail(int n) => MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(
        $"From: billing@shop.example\r\nTo: me@example.com\r\nSubject: Receipt {n}\r\nDate: Mon, 2 Nov 2026 10:00:00 +0000\r\nMessage-ID: <bench{n}@example.com>\r\n\r\nYour receipt {n}.\r\n")));
}
