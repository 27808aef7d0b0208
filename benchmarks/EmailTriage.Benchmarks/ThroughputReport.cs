using System.Diagnostics;
using EmailTriage.Testing;

namespace EmailTriage.Benchmarks;

/// <summary>Wall time of a run against a loopback LLM with fixed latency and N slots, against the ideal N-way bound.</summary>
internal static class ThroughputReport
{
    public static async Task RunAsync(int messages, TimeSpan latency, int slots)
    {
        await using var llm = await FakeLlmServer.StartAsync();
        llm.Answer = _ => "Work";
        llm.Latency = latency;
        llm.Slots = slots;
        using var workspace = new BenchWorkspace(llm, messages, concurrency: slots);

        var timer = Stopwatch.StartNew();
        var summary = await workspace.RunAsync();
        timer.Stop();

        var bound = messages * latency.TotalSeconds / slots;
        Console.WriteLine($"throughput: {messages} messages, {latency.TotalMilliseconds:0} ms latency, {slots} slots, LLM_MAX_CONCURRENCY={slots}");
        Console.WriteLine($"  wall time {timer.Elapsed.TotalSeconds:0.000} s, lower bound {bound:0.000} s, ratio {timer.Elapsed.TotalSeconds / bound:0.000} (target <= 1.15)");
        Console.WriteLine($"  labelled {summary.Applied}, LLM calls {summary.Usage.Calls}, most requests in flight {llm.MaxConcurrencySeen}");
    }
}
