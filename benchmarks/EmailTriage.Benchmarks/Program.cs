using BenchmarkDotNet.Running;
using EmailTriage.Benchmarks;

// dotnet run -c Release --project benchmarks/EmailTriage.Benchmarks -- [cpu|throughput|servers|eval|prompt|memory|gmail|graph|coldstart|durability|mailboxes|watch|imap|learn|all]
// learn is not part of all: it needs the Enron foldering data (see LearnReport).
var what = args.FirstOrDefault() ?? "all";
if (what is "cpu" or "all")
{
    BenchmarkRunner.Run<PerMessageCostBenchmarks>(args: [.. args.Skip(1)]);
}

if (what is "prompt" or "all")
{
    await PromptReport.RunAsync();
}

if (what is "throughput" or "all")
{
    await ThroughputReport.RunAsync(messages: 100, latency: TimeSpan.FromMilliseconds(200), slots: 4);
}

if (what is "servers" or "all")
{
    await ServersReport.RunAsync(messages: 100, latency: TimeSpan.FromMilliseconds(300), killAfter: 30);
}

if (what is "eval" or "all")
{
    await EvalReport.RunAsync(messages: 1000, latency: TimeSpan.FromMilliseconds(200), slots: 4);
}

if (what is "gmail" or "all")
{
    await GmailReport.RunAsync(messages: 100);
    await GmailReport.RunAsync(messages: 1000);
}

if (what is "graph" or "all")
{
    await GraphReport.RunAsync(messages: 100, latency: TimeSpan.FromMilliseconds(50));
    await GraphReport.RunAsync(messages: 1000, latency: TimeSpan.FromMilliseconds(50));
}

if (what is "coldstart" or "all")
{
    await ColdStartReport.RunAsync(runs: 5);
}

if (what is "durability" or "all")
{
    await DurabilityReport.RunAsync(messages: 1000, killAt: [0.25, 0.5, 0.75], concurrency: 4);
}

if (what is "mailboxes" or "all")
{
    await MailboxesReport.RunAsync(mailboxes: 20, messages: 50, latency: TimeSpan.FromMilliseconds(200), slots: 4);
}

if (what is "imap" or "all")
{
    // Needs Dovecot (scripts/install-dovecot.sh).
    await ImapCostReport.RunAsync(100, 1000);
}

if (what is "watch" or "all")
{
    // Needs Dovecot (scripts/install-dovecot.sh).
    await WatchReport.RunAsync(messages: 20, pollInterval: TimeSpan.FromSeconds(5));
}

if (what is "memory" or "all")
{
    await MemoryReport.RunAsync(messages: args.Length > 1 && int.TryParse(args[1], out var n) ? n : 10_000);
}

if (what is "learn")
{
    LearnReport.Run([.. args.Skip(1)]);
}
