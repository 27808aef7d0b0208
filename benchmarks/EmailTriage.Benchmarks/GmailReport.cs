using System.Diagnostics;
using EmailTriage.Gmail;
using EmailTriage.Testing;
using EmailTriage.Triage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EmailTriage.Benchmarks;

/// <summary>
/// HTTP requests and Gmail quota units for one triage run of N new messages through the real runner and Gmail
/// mailbox, against a Gmail-shaped server that enforces 15,000 units per user-minute; then an idle run (what a timer
/// tick with nothing new costs).
/// </summary>
internal static class GmailReport
{
    private const string RefreshToken = "1//bench";

    public static async Task RunAsync(int messages)
    {
        await using var gmail = await FakeGmailServer.StartAsync();
        await using var llm = await FakeLlmServer.StartAsync();
        llm.RecordRequests = false;
        llm.Answer = request => request.User.Contains("Subject: Invoice", StringComparison.Ordinal) ? "Finance" : "Work";
        for (var i = 0; i < messages; i++)
        {
            var subject = i % 2 == 0 ? $"Invoice {i}" : $"Project note {i}";
            gmail.AddMessage($"From: sender{i}@corp.example\r\nTo: alex@morgan.example\r\nSubject: {subject}\r\n\r\nText of message {i}.\r\n", null, "INBOX");
        }

        gmail.AddRefreshToken(RefreshToken, "bench-client", "bench-secret");
        gmail.QuotaUnitsPerMinute = 15_000;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LLM_BASE_URL"] = llm.BaseUrl.ToString(),
            ["LLM_MODEL"] = "test-model",
            ["LLM_MAX_CONCURRENCY"] = "8",
            ["LABEL_CONFIG_FILE"] = Path.Combine(SampleMail.RepoRoot, "config", "labels.json"),
            ["GMAIL_API_BASE_URL"] = gmail.BaseUrl.ToString(),
            ["GMAIL_TOKEN_URI"] = gmail.TokenUrl.ToString(),
            ["GMAIL_REFRESH_TOKEN"] = RefreshToken,
            ["GMAIL_CLIENT_ID"] = "bench-client",
            ["GMAIL_CLIENT_SECRET"] = "bench-secret",
        }).Build();
        await using var services = new ServiceCollection().AddEmailTriage(configuration, SampleMail.RepoRoot).AddLlm().AddGmail(configuration).AddLogging().BuildServiceProvider();
        var runner = services.GetRequiredService<TriageRunner>();
        var factory = services.GetRequiredService<GmailMailboxFactory>();

        // First contact creates the labels; a user's first run pays that once, so it is measured apart.
        var setup = await factory.CreateAsync(CancellationToken.None);
        await using (await setup.OpenAsync(new EmailTriage.Mailboxes.MailboxRun(services.GetRequiredService<EmailTriage.Labels.LabelConfigLoader>().Load(), DryRun: false, new EmailTriage.State.FileStateStore(Path.Combine(Path.GetTempPath(), $"gmail-report-{Guid.NewGuid():N}"))), CancellationToken.None))
        {
        }

        var before = gmail.Requests.Count;
        var timer = Stopwatch.StartNew();
        var summary = await runner.RunAsync(await factory.CreateAsync(CancellationToken.None), new TriageRequest(), CancellationToken.None);
        timer.Stop();
        var run = Count(gmail, before);

        var idleBefore = gmail.Requests.Count;
        var idleTimer = Stopwatch.StartNew();
        var idle = await runner.RunAsync(await factory.CreateAsync(CancellationToken.None), new TriageRequest(), CancellationToken.None);
        idleTimer.Stop();
        var idleRun = Count(gmail, idleBefore);

        var labelsUsed = summary.PerLabel.Count;
        // List pages, fetch batches, one batchModify per label per group (groups close at 500 or every 3 s, and a run this
        // fast needs no timer), labels.list and the account's profile (once per sign-in).
        var bound = Ceiling(messages, 500) + Ceiling(messages, 50) + labelsUsed + 2;
        Console.WriteLine($"gmail: {messages} new messages, {labelsUsed} labels used, {summary.Applied} labelled in {timer.Elapsed.TotalSeconds:0.00} s");
        Console.WriteLine($"  HTTP requests {run.Requests} (bound ceil(N/500)+ceil(N/50)+L+labels.list+profile = {bound}; naive get+modify each: {2 * messages + 1})");
        Console.WriteLine($"  quota units {run.Units} of 15,000 per user-minute; 429 answers {gmail.QuotaRejections}");
        Console.WriteLine($"idle run (a timer tick with nothing new): {idle.Candidates} new, HTTP requests {idleRun.Requests} ({idleRun.Calls}), LLM calls {idle.Usage.Calls}, wall time {idleTimer.Elapsed.TotalMilliseconds:0} ms");
    }

    private static (int Requests, int Units, string Calls) Count(FakeGmailServer gmail, int since)
    {
        var log = gmail.Requests.Skip(since).ToList();
        var requests = log.Where(r => !r.InBatch && r.Call != FakeGmailCall.Token).ToList();
        var units = log.Where(r => r.Call != FakeGmailCall.Batch).Sum(r => r.Call switch
        {
            FakeGmailCall.LabelsList => 1,
            FakeGmailCall.MessagesBatchModify => 50,
            FakeGmailCall.LabelsCreate or FakeGmailCall.MessagesList or FakeGmailCall.MessagesGet => 5,
            _ => 0,
        });
        return (requests.Count, units, string.Join(", ", requests.GroupBy(r => r.Call).Select(g => $"{g.Key} {g.Count()}")));
    }

    private static int Ceiling(int n, int size) => (n + size - 1) / size;
}
