using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace EmailTriage.Testing;

/// <summary>
/// A throw-away Dovecot (Debian's dovecot-imapd, installed by scripts/install-dovecot.sh) on 127.0.0.1: plain IMAP and
/// IMAPS on ports the OS had free, one passwd-file user, maildir in a temporary folder, a self-signed certificate made
/// for this run, no system configuration. Killed and deleted on dispose.
/// </summary>
public sealed class DovecotServer : IAsyncDisposable
{
    public const string Executable = "/usr/sbin/dovecot";
    public const string User = "triage@example.test";
    public const string Password = "correct horse";

    private readonly Process _process;

    private DovecotServer(Process process, string folder, int port, int tlsPort)
    {
        _process = process;
        Folder = folder;
        Port = port;
        TlsPort = tlsPort;
    }

    public string Folder { get; }

    /// <summary>Plain IMAP (STARTTLS offered).</summary>
    public int Port { get; }

    /// <summary>IMAP over TLS from the first byte.</summary>
    public int TlsPort { get; }

    /// <summary>The server's self-signed certificate (PEM), for IMAP_TRUST_CERTIFICATE_FILE.</summary>
    public string CertificateFile => Path.Combine(Folder, "cert.pem");

    /// <summary>The user's maildir (INBOX is its root).</summary>
    public string Maildir => Path.Combine(Folder, "mail", User);

    /// <param name="extraConfig">Configuration lines added at the end (e.g. an <c>imap_capability</c> without IDLE).</param>
    public static async Task<DovecotServer> StartAsync(CancellationToken cancellationToken, string? extraConfig = null)
    {
        if (!OperatingSystem.IsLinux() || !File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is not installed. Run the tests with scripts/test.sh, or run scripts/install-dovecot.sh once.");
        }

        var folder = Directory.CreateTempSubdirectory("emailtriage-dovecot-").FullName;

        // The login processes run as dovenull and the mail as dovecot: both must reach their folders.
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        Directory.CreateDirectory(Path.Combine(folder, "mail"));
        WriteCertificate(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "passwd"), $"{User}:{{PLAIN}}{Password}::::::\n", cancellationToken);
        var (port, tlsPort) = (FreePort(), FreePort());
        var config = Path.Combine(folder, "dovecot.conf");
        await File.WriteAllTextAsync(config, Config(folder, port, tlsPort) + "\n" + extraConfig, cancellationToken);
        await RunAsync("chown", ["-R", "dovecot:dovecot", Path.Combine(folder, "mail")], cancellationToken);

        var start = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["-F", "-c", config])
        {
            start.ArgumentList.Add(argument);
        }

        var output = new StringBuilder();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new DovecotServer(process, folder, port, tlsPort);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            foreach (var p in (int[])[port, tlsPort])
            {
                // Polling, not a guessed sleep: a refused connection is tried again almost at once.
                while (!await AcceptsAsync(p, timeout.Token))
                {
                    if (process.HasExited || timeout.IsCancellationRequested)
                    {
                        var log = File.Exists(Path.Combine(folder, "dovecot.log")) ? await File.ReadAllTextAsync(Path.Combine(folder, "dovecot.log"), CancellationToken.None) : string.Empty;
                        throw new InvalidOperationException($"Dovecot did not listen on 127.0.0.1:{p}: {output}{log}");
                    }

                    await Task.Delay(25, CancellationToken.None);
                }
            }

            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Forgets every UID of the user's folders (as a restored backup would): the next session sees a new UIDVALIDITY.</summary>
    public void ResetUidValidity()
    {
        foreach (var list in Directory.EnumerateFiles(Maildir, "dovecot-uidlist", SearchOption.AllDirectories))
        {
            File.Delete(list);
        }

        foreach (var index in Directory.EnumerateFiles(Maildir, "dovecot.index*", SearchOption.AllDirectories))
        {
            File.Delete(index);
        }
    }

    public ValueTask DisposeAsync() => new(ServerProcess.StopAsync(_process, Folder));

    private static string Config(string folder, int port, int tlsPort) => $$"""
        base_dir = {{folder}}/run
        state_dir = {{folder}}/state
        log_path = {{folder}}/dovecot.log
        listen = 127.0.0.1
        protocols = imap
        ssl = yes
        ssl_cert = <{{folder}}/cert.pem
        ssl_key = <{{folder}}/key.pem
        ssl_dh = </usr/share/dovecot/dh.pem
        disable_plaintext_auth = no
        auth_mechanisms = plain login
        default_login_user = dovenull
        default_internal_user = dovecot
        first_valid_uid = 1
        mail_location = maildir:{{folder}}/mail/%u
        passdb {
          driver = passwd-file
          args = scheme=PLAIN username_format=%u {{folder}}/passwd
        }
        userdb {
          driver = static
          args = uid=dovecot gid=dovecot home={{folder}}/mail/%u
        }
        namespace inbox {
          inbox = yes
          separator = /
          mailbox Archive {
            special_use = \Archive
            auto = create
          }
        }
        service imap-login {
          inet_listener imap {
            address = 127.0.0.1
            port = {{port}}
          }
          inet_listener imaps {
            address = 127.0.0.1
            port = {{tlsPort}}
            ssl = yes
          }
        }
        """;

    private static void WriteCertificate(string folder)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2));
        File.WriteAllText(Path.Combine(folder, "cert.pem"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "key.pem"), key.ExportPkcs8PrivateKeyPem());
    }

    private static async Task RunAsync(string file, string[] arguments, CancellationToken cancellationToken)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { UseShellExecute = false })!;
        await process.WaitForExitAsync(cancellationToken);
    }

    private static async Task<bool> AcceptsAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
