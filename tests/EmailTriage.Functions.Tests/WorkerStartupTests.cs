using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

using EmailTriage.Testing;

namespace EmailTriage.Functions.Tests;

/// <summary>
/// The real worker process, started the way the Functions host starts it: it must compose its services (Program.cs,
/// Application Insights, Gmail, the core) and dial the host's gRPC endpoint, here a listener on 127.0.0.1.
/// </summary>
public sealed class WorkerStartupTests
{
    [Fact]
    public async Task The_worker_process_starts_and_dials_the_functions_host()
    {
        using var host = new TcpListener(IPAddress.Loopback, 0);
        host.Start();
        var port = ((IPEndPoint)host.LocalEndpoint).Port;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(WorkerPath);
        foreach (var argument in (string[])["--functions-uri", $"http://127.0.0.1:{port}/", "--functions-worker-id", "test-worker", "--functions-request-id", "test-request", "--functions-grpc-max-message-length", "2147483647"])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["TRIAGE_SCHEDULE"] = "0 */5 * * * *";
        start.Environment["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        using var worker = Process.Start(start)!;
        var output = worker.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            var connected = host.AcceptTcpClientAsync(timeout.Token).AsTask();
            var exited = worker.WaitForExitAsync(timeout.Token);
            var first = await Task.WhenAny(connected, exited);
            Assert.True(first == connected, $"the worker exited before dialling the host: {(worker.HasExited ? await output : string.Empty)}");

            using var client = await connected;
            var preface = new byte[24];
            await client.GetStream().ReadExactlyAsync(preface, TestContext.Current.CancellationToken);
            Assert.Equal("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", Encoding.ASCII.GetString(preface));
        }
        finally
        {
            worker.Kill(entireProcessTree: true);
        }
    }

    // The Functions project's own build output (same configuration as this test build).
    private static string WorkerPath => Path.Combine(
        RepoPaths.OutputOf("src/EmailTriage.Functions"),
        "EmailTriage.Functions.dll");
}
