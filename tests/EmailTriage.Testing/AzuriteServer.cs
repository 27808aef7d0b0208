using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EmailTriage.Testing;

/// <summary>
/// A throw-away Azurite (the Azure Storage emulator, npm azurite) on 127.0.0.1: blob and queue services on ports the OS
/// had free, data in a temporary folder, killed and deleted on dispose. scripts/test.sh installs it and sets AZURITE_BIN.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account; the key is public (it is in Microsoft's docs).</summary>
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    public const string Version = "3.37.0";

    private readonly Process _process;
    private readonly string _location;
    private readonly StringBuilder _output;

    private AzuriteServer(Process process, string location, StringBuilder output, int blobPort, int queuePort)
    {
        _process = process;
        _location = location;
        _output = output;
        BlobPort = blobPort;
        QueuePort = queuePort;
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public Uri BlobEndpoint => new($"http://127.0.0.1:{BlobPort}/{AccountName}");

    public Uri QueueEndpoint => new($"http://127.0.0.1:{QueuePort}/{AccountName}");

    /// <summary>The development account with explicit 127.0.0.1 endpoints (UseDevelopmentStorage=true means the fixed ports).</summary>
    public string ConnectionString => ConnectionStringWith(AccountKey);

    /// <summary>The development account with its blob service reached through another port (a relay in front of Azurite).</summary>
    public string ConnectionStringThrough(int blobPort) =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{blobPort}/{AccountName};QueueEndpoint={QueueEndpoint};";

    /// <summary>The same endpoints signed with another key, which Azurite refuses as a real account would.</summary>
    public string ConnectionStringWith(string accountKey) =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={accountKey};BlobEndpoint={BlobEndpoint};QueueEndpoint={QueueEndpoint};";

    /// <summary>Where azurite is: AZURITE_BIN, else where scripts/install-azurite.sh puts it.</summary>
    public static string? FindExecutable()
    {
        if (Environment.GetEnvironmentVariable("AZURITE_BIN") is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured : null;
        }

        var home = Environment.GetEnvironmentVariable("AZURITE_HOME") is { Length: > 0 } h
            ? h
            : Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } x ? x : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "emailtriage", $"azurite-{Version}");
        var bin = Path.Combine(home, "node_modules", ".bin", OperatingSystem.IsWindows() ? "azurite.cmd" : "azurite");
        return File.Exists(bin) ? bin : null;
    }

    public static async Task<AzuriteServer> StartAsync(CancellationToken cancellationToken)
    {
        var executable = FindExecutable() ?? throw new InvalidOperationException(
            (Environment.GetEnvironmentVariable("AZURITE_BIN") is { Length: > 0 } configured
                ? $"AZURITE_BIN names {configured}, which does not exist. "
                : $"Azurite {Version} is not installed (AZURITE_BIN is not set and it is not in ~/.cache/emailtriage). ") +
            "Run the tests with scripts/test.sh, which installs it with npm, or run scripts/install-azurite.sh once.");

        // A port found free can be taken before Azurite binds it; then Azurite exits and another pair is tried.
        for (var attempt = 1; ; attempt++)
        {
            var server = Launch(executable, FreePort(), FreePort(), FreePort());
            try
            {
                await server.WaitUntilListeningAsync(cancellationToken);
                return server;
            }
            catch (AzuriteExitedException) when (attempt < 3)
            {
                await server.DisposeAsync();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    public ValueTask DisposeAsync() => new(ServerProcess.StopAsync(_process, _location));

    private static AzuriteServer Launch(string executable, int blobPort, int queuePort, int tablePort)
    {
        var location = Directory.CreateTempSubdirectory("emailtriage-azurite-").FullName;
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[
            "--silent", "--skipApiVersionCheck", "--loose", "--location", location,
            "--blobHost", "127.0.0.1", "--blobPort", $"{blobPort}",
            "--queueHost", "127.0.0.1", "--queuePort", $"{queuePort}",
            "--tableHost", "127.0.0.1", "--tablePort", $"{tablePort}"])
        {
            start.ArgumentList.Add(argument);
        }

        var output = new StringBuilder();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new AzuriteServer(process, location, output, blobPort, queuePort);
    }

    private async Task WaitUntilListeningAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        foreach (var port in (int[])[BlobPort, QueuePort])
        {
            while (!await AcceptsAsync(port, timeout.Token))
            {
                if (_process.HasExited)
                {
                    throw new AzuriteExitedException($"Azurite exited ({_process.ExitCode}) before listening on 127.0.0.1:{port}: {Output}");
                }

                if (timeout.IsCancellationRequested)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    throw new TimeoutException($"Azurite did not listen on 127.0.0.1:{port} within 60 s: {Output}");
                }

                // Polling, not waiting a guessed time: a refused connection is retried almost at once.
                await Task.Delay(25, CancellationToken.None);
            }
        }
    }

    private string Output
    {
        get
        {
            lock (_output)
            {
                return _output.Length == 0 ? "(no output)" : _output.ToString();
            }
        }
    }

    private static async Task<bool> AcceptsAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class AzuriteExitedException(string message) : Exception(message);
}
