using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EmailTriage.Benchmarks;

/// <summary>
/// Cold start of the Functions worker alone: from process start to its first connection to the host's gRPC
/// endpoint (a listener on 127.0.0.1 standing in for Core Tools), i.e. services composed and the worker running.
/// Needs <c>dotnet build -c Release src/EmailTriage.Functions</c> first.
/// </summary>
internal static class ColdStartReport
{
    public static async Task RunAsync(int runs)
    {
        var worker = Path.Combine(SampleMail.RepoRoot, "src", "EmailTriage.Functions", "bin", "Release", "net10.0", "EmailTriage.Functions.dll");
        if (!File.Exists(worker))
        {
            Console.WriteLine($"coldstart: {worker} not found; run 'dotnet build -c Release src/EmailTriage.Functions' first");
            return;
        }

        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            times.Add(await StartOnceAsync(worker));
        }

        times.Sort();
        Console.WriteLine($"coldstart: worker process start to first host connection over {runs} runs: median {times[runs / 2]:0} ms, min {times[0]:0} ms, max {times[^1]:0} ms");
    }

    private static async Task<double> StartOnceAsync(string worker)
    {
        using var host = new TcpListener(IPAddress.Loopback, 0);
        host.Start();
        var port = ((IPEndPoint)host.LocalEndpoint).Port;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])[worker, "--functions-uri", $"http://127.0.0.1:{port}/", "--functions-worker-id", "bench", "--functions-request-id", "bench", "--functions-grpc-max-message-length", "2147483647"])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["TRIAGE_SCHEDULE"] = "0 */5 * * * *";
        start.Environment["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        var timer = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            using var client = await host.AcceptTcpClientAsync(timeout.Token);
            return timer.Elapsed.TotalMilliseconds;
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
