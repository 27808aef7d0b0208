using System.Net;
using System.Net.Sockets;
using EmailTriage.Configuration;
using EmailTriage.Testing;
using EmailTriage.Triage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EmailTriage.Imap.Tests;

/// <summary>
/// SASL XOAUTH2 against Dovecot's oauth2 passdb, which asks a loopback introspection endpoint (started here) whether the
/// bearer token is good: the right token gets in, a wrong one gets the error naming what to fix.
/// </summary>
public sealed class ImapOAuthTests : IDisposable
{
    private const string GoodToken = "ya29.test-access-token";
    private readonly string _folder = Directory.CreateTempSubdirectory("imap-oauth-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_right_token_signs_in_with_xoauth2_and_the_run_files_the_mail()
    {
        using var introspection = new Introspection();
        await using var dovecot = await DovecotServer.StartAsync(Ct, OAuthConfig(introspection));
        var mailbox = Mailbox(dovecot, GoodToken);

        var summary = await RunAsync(mailbox);

        Assert.Equal(0, summary.Candidates);
        Assert.Contains($"Bearer {GoodToken}", introspection.Authorizations);
    }

    [Fact]
    public async Task A_refused_token_says_which_settings_to_fix()
    {
        using var introspection = new Introspection();
        await using var dovecot = await DovecotServer.StartAsync(Ct, OAuthConfig(introspection));
        var mailbox = Mailbox(dovecot, "wrong-token");

        var error = await Assert.ThrowsAsync<SettingsException>(() => RunAsync(mailbox));

        Assert.Contains("refused the OAuth token", error.Message, StringComparison.Ordinal);
        Assert.Contains("IMAP_OAUTH_CLIENT_ID", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-token", error.Message, StringComparison.Ordinal);
        Assert.Contains("Bearer wrong-token", introspection.Authorizations);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string OAuthConfig(Introspection introspection)
    {
        var file = Path.Combine(_folder, "oauth2.conf.ext");
        File.WriteAllText(file, $"""
            introspection_mode = auth
            introspection_url = {introspection.Url}
            username_attribute = email
            active_attribute = active
            active_value = true
            """);
        if (OperatingSystem.IsLinux())
        {
            // Dovecot's auth process reads the file as another user.
            File.SetUnixFileMode(_folder, (UnixFileMode)0b111_101_101);
            File.SetUnixFileMode(file, (UnixFileMode)0b110_100_100);
        }

        return $$"""
            auth_mechanisms = plain login xoauth2 oauthbearer
            passdb {
              driver = oauth2
              mechanisms = xoauth2 oauthbearer
              args = {{file}}
            }
            """;
    }

    private ImapMailbox Mailbox(DovecotServer dovecot, string token)
    {
        File.WriteAllText(Path.Combine(_folder, "labels.json"), """{ "labels": [ { "name": "Review", "description": "All." } ], "fallback": "Review" }""");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LLM_MODEL"] = "test-model",
            ["LABEL_CONFIG_FILE"] = "labels.json",
            ["EMAILTRIAGE_STATE_DIR"] = Path.Combine(_folder, "state"),
        }).Build();
        _services = new ServiceCollection().AddLogging().AddEmailTriage(configuration, _folder).AddImap(configuration).BuildServiceProvider();
        var options = new ImapOptions
        {
            Host = "127.0.0.1",
            Port = dovecot.Port,
            Security = "none",
            Username = DovecotServer.User,
            Auth = "microsoft-oauth",
            OAuthClientId = "test-client",
            AccessTokens = new FixedToken(token),
        };
        return _services.GetRequiredService<ImapMailboxFactory>().Create(options);
    }

    private ServiceProvider? _services;

    private Task<TriageSummary> RunAsync(ImapMailbox mailbox) =>
        _services!.GetRequiredService<TriageRunner>().RunAsync(mailbox, new TriageRequest(), Ct);

    /// <summary>Stands in for the Microsoft or Gmail sign-in, whose own servers a test cannot reach.</summary>
    private sealed class FixedToken(string token) : IImapAccessTokens
    {
        public string SettingsToFix => "IMAP_OAUTH_CLIENT_ID and IMAP_OAUTH_TENANT";

        public Task<string> GetAsync(CancellationToken cancellationToken) => Task.FromResult(token);
    }

    /// <summary>An RFC 7662-style introspection endpoint: active for the good bearer token, 401 for anything else.</summary>
    private sealed class Introspection : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _serving;

        public Introspection()
        {
            var port = FreePort();
            Url = $"http://127.0.0.1:{port}/introspect";
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            _serving = ServeAsync();
        }

        public string Url { get; }

        public System.Collections.Concurrent.ConcurrentBag<string> Authorizations { get; } = [];

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                var authorization = context.Request.Headers["Authorization"] ?? string.Empty;
                Authorizations.Add(authorization);
                var good = authorization == $"Bearer {GoodToken}";
                context.Response.StatusCode = good ? 200 : 401;
                context.Response.ContentType = "application/json";
                var body = System.Text.Encoding.UTF8.GetBytes(good ? $$"""{"active":"true","email":"{{DovecotServer.User}}"}""" : """{"active":"false"}""");
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            }
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            _serving.Wait(TimeSpan.FromSeconds(5));
        }
    }
}
