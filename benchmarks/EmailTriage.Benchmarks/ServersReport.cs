using System.Diagnostics;
using EmailTriage.Classification;
using EmailTriage.Testing;

namespace EmailTriage.Benchmarks;

/// <summary>
/// Several equivalent one-slot servers in LLM_BASE_URL (three mlx_lm.server instances, say): wall time of a run against
/// the ideal ceil(messages / servers) x latency, with one server for comparison, and with one of three killed mid-run.
/// </summary>
internal static class ServersReport
{
    public static async Task RunAsync(int messages, TimeSpan latency, int killAfter)
    {
        Console.WriteLine($"servers: {messages} messages, {latency.TotalMilliseconds:0} ms latency, 1 slot per server, LLM_MAX_CONCURRENCY=1");

        // The first run in a process also compiles the pipeline; measured cases start warm.
        await MeasureAsync(null, 12, TimeSpan.FromMilliseconds(10), servers: 3, kill: null, dryRun: false);
        await MeasureAsync("3 servers", messages, latency, servers: 3, kill: null, dryRun: false);
        await MeasureAsync("3 servers, dry run (as eval runs)", messages, latency, servers: 3, kill: null, dryRun: true);
        await MeasureAsync("1 server", messages, latency, servers: 1, kill: null, dryRun: false);
        await MeasureAsync($"3 servers, one killed after {killAfter} requests", messages, latency, servers: 3, kill: killAfter, dryRun: false);
    }

    /// <param name="name">Null for the warm-up, which prints nothing.</param>
    private static async Task MeasureAsync(string? name, int messages, TimeSpan latency, int servers, int? kill, bool dryRun)
    {
        var llms = new List<FakeLlmServer>();
        for (var i = 0; i < servers; i++)
        {
            var llm = await FakeLlmServer.StartAsync();
            llm.Answer = _ => "Work";
            llm.Latency = latency;
            llm.Slots = 1;
            llm.RecordRequests = false;
            llms.Add(llm);
        }

        try
        {
            using var workspace = new BenchWorkspace(string.Join(",", llms.Select(l => l.BaseUrl.ToString())), messages, concurrency: 1);
            var killer = kill is { } after
                ? Task.Run(async () =>
                {
                    await llms[0].WaitForRequestsAsync(after);
                    await llms[0].DisposeAsync();
                })
                : Task.CompletedTask;

            var timer = Stopwatch.StartNew();
            var summary = await workspace.RunAsync(dryRun);
            timer.Stop();
            await killer;

            if (name is null)
            {
                return;
            }

            var bound = Math.Ceiling(messages / (double)servers) * latency.TotalSeconds;
            Console.WriteLine($"  {name}: wall time {timer.Elapsed.TotalSeconds:0.000} s, bound ceil({messages}/{servers}) x {latency.TotalSeconds:0.0#} s = {bound:0.000} s, " +
                $"ratio {timer.Elapsed.TotalSeconds / bound:0.000}{(servers > 1 && kill is null ? " (target <= 1.15)" : string.Empty)}");
            Console.WriteLine($"    decided {summary.PerSource.GetValueOrDefault(DecisionSource.Llm)} of {messages} by the LLM, labelled {summary.Applied}, failed {summary.FailureCount}, LLM calls {summary.Usage.Calls}, " +
                $"answered per server {string.Join("/", llms.Select(l => l.AnsweredCount))}, most in flight per server {string.Join("/", llms.Select(l => l.MaxConcurrencySeen))}, by server {string.Join(", ", summary.PerProvider.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}"))}");
        }
        finally
        {
            foreach (var llm in llms)
            {
                await llm.DisposeAsync();
            }
        }
    }
}
