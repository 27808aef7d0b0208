using System.Text.Json;
using EmailTriage.Configuration;
using EmailTriage.Gmail.Auth;
using EmailTriage.Testing;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Requests;
using Google.Apis.Auth.OAuth2.Responses;

namespace EmailTriage.Gmail.Tests.Auth;

public sealed class GmailSignInTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gmail-signin-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Writes_an_authorized_user_file_that_signs_in_later_runs()
    {
        await using var server = await FakeGmailServer.StartAsync(Ct);
        server.AddAuthorizationCode("4/code", "client-id", "client-secret", "1//refresh");
        await WriteClientFileAsync(server.TokenUrl);
        var options = new GmailOptions { CredentialsFile = "client.json", TokenFile = "config/gmail_token.json", ApiBaseUrl = server.BaseUrl.ToString() };
        var receiver = new ScriptedCodeReceiver("4/code");

        var path = await new GmailSignIn(options, new AppPaths(_folder), TimeProvider.System).RunAsync(receiver, Ct);

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(path, Ct));
        var root = json.RootElement;
        Assert.Equal(Path.Combine(_folder, "config", "gmail_token.json"), path);
        Assert.Equal("1//refresh", root.GetProperty("refresh_token").GetString());
        Assert.Equal("client-id", root.GetProperty("client_id").GetString());
        Assert.Equal("client-secret", root.GetProperty("client_secret").GetString());
        Assert.Equal(server.TokenUrl.ToString(), root.GetProperty("token_uri").GetString());
        Assert.StartsWith("ya29.", root.GetProperty("token").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("Z", root.GetProperty("expiry").GetString(), StringComparison.Ordinal);
        Assert.Equal(["https://www.googleapis.com/auth/gmail.modify"], root.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(receiver.AuthorizationUrl!).Query);
        Assert.Equal("https://www.googleapis.com/auth/gmail.modify", query["scope"].ToString());
        Assert.Equal("offline", query["access_type"].ToString());
        Assert.Equal("consent", query["prompt"].ToString());

        server.RequireAccessToken = true;
        server.ExpireAccessTokens();
        var credential = await GmailCredentialLoader.LoadAsync(options, new AppPaths(_folder), TimeProvider.System, Ct);
        using var api = Gmail.Api.GmailApiFactory.Create(options, credential);
        var labels = await api.Users.Labels.List("me").ExecuteAsync(Ct);
        Assert.NotEmpty(labels.Labels!);
    }

    [Fact]
    public async Task Names_the_setting_when_the_client_file_is_missing()
    {
        var options = new GmailOptions { CredentialsFile = "missing.json" };

        var ex = await Assert.ThrowsAsync<SettingsException>(() => new GmailSignIn(options, new AppPaths(_folder), TimeProvider.System).RunAsync(new ScriptedCodeReceiver("x"), Ct));

        Assert.Contains("GMAIL_CREDENTIALS_FILE", ex.Message, StringComparison.Ordinal);
        Assert.Contains("docs/gmail_setup.md", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Looks_for_the_client_file_at_config_credentials_json_by_default()
    {
        var options = new GmailOptions();

        var ex = await Assert.ThrowsAsync<SettingsException>(() => new GmailSignIn(options, new AppPaths(_folder), TimeProvider.System).RunAsync(new ScriptedCodeReceiver("x"), Ct));

        Assert.Contains(Path.Combine(_folder, "config", "credentials.json"), ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("gmail_credentials.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task For_imap_it_also_asks_for_the_full_mail_scope_and_its_token_serves_xoauth2()
    {
        await using var server = await FakeGmailServer.StartAsync(Ct);
        server.AddAuthorizationCode("4/code", "client-id", "client-secret", "1//refresh");
        await WriteClientFileAsync(server.TokenUrl);
        var options = new GmailOptions { CredentialsFile = "client.json", TokenFile = "config/gmail_token.json", ApiBaseUrl = server.BaseUrl.ToString() };
        var receiver = new ScriptedCodeReceiver("4/code");

        var path = await new GmailSignIn(options, new AppPaths(_folder), TimeProvider.System) { ForImap = true }.RunAsync(receiver, Ct);
        server.ExpireAccessTokens();
        var token = await GmailAccessToken.GetAsync(options, new AppPaths(_folder), TimeProvider.System, Ct);

        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(receiver.AuthorizationUrl!).Query);
        Assert.Equal("https://www.googleapis.com/auth/gmail.modify https://mail.google.com/", query["scope"].ToString());
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(path, Ct));
        Assert.Contains("https://mail.google.com/", json.RootElement.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.StartsWith("ya29.", token, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Suggests_the_default_client_file_when_the_setting_is_empty()
    {
        var options = new GmailOptions { CredentialsFile = " " };

        var ex = await Assert.ThrowsAsync<SettingsException>(() => new GmailSignIn(options, new AppPaths(_folder), TimeProvider.System).RunAsync(new ScriptedCodeReceiver("x"), Ct));

        Assert.Contains("config/credentials.json", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("gmail_credentials.json", ex.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private Task WriteClientFileAsync(Uri tokenUri) =>
        File.WriteAllTextAsync(Path.Combine(_folder, "client.json"), $$$"""
            {"installed": {"client_id": "client-id", "project_id": "emailtriage", "auth_uri": "https://accounts.google.com/o/oauth2/auth",
             "token_uri": "{{{tokenUri}}}", "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
             "client_secret": "client-secret", "redirect_uris": ["http://localhost"]}}
            """, Ct);

    /// <summary>Plays the user: instead of a browser, answers the code the fake server expects.</summary>
    private sealed class ScriptedCodeReceiver(string code) : ICodeReceiver
    {
        public string RedirectUri => "http://127.0.0.1:8765/authorize/";

        public string? AuthorizationUrl { get; private set; }

        public Task<AuthorizationCodeResponseUrl> ReceiveCodeAsync(AuthorizationCodeRequestUrl url, CancellationToken taskCancellationToken)
        {
            AuthorizationUrl = url.Build().AbsoluteUri;
            return Task.FromResult(new AuthorizationCodeResponseUrl { Code = code });
        }
    }
}
