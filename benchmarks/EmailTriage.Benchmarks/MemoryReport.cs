using System.Diagnostics;
using EmailTriage.Testing;

namespace EmailTriage.Benchmarks;

/// <summary>
/// Peak working set while triaging a big folder mailbox. Run it with two sizes (each in its own process) to see
/// that it stays flat; the loopback LLM shares this process, so it keeps no request log.
/// </summary>
internal static class MemoryReport
{
    public static async Task RunAsync(int messages)
    {
        await using var llm = await FakeLlmServer.StartAsync();
        llm.Answer = _ => "Work";
        llm.RecordRequests = false;
        using var workspace = new BenchWorkspace(llm, messages, concurrency: 4);
        GC.Collect();
        var before = Process.GetCurrentProcess().WorkingSet64;
        var peak = before;
        using var sampler = new Timer(_ => peak = Math.Max(peak, Process.GetCurrentProcess().WorkingSet64), null, 0, 20);
        var timer = Stopwatch.StartNew();
        var summary = await workspace.RunAsync();
        peak = Math.Max(peak, Process.GetCurrentProcess().WorkingSet64);
        Console.WriteLine($"memory: {messages} messages triaged in {timer.Elapsed.TotalSeconds:0.0} s ({summary.Applied} labelled): " +
            $"working set before {before / 1048576.0:0} MiB, peak {peak / 1048576.0:0} MiB, managed heap after {GC.GetTotalMemory(false) / 1048576.0:0} MiB");
    }
}
