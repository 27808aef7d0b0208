using System.Globalization;
using EmailTriage.Configuration;
using EmailTriage.Gmail.Auth;
using EmailTriage.Testing;

namespace EmailTriage.Gmail.Tests.Auth;

public sealed class GmailCredentialLoaderTests : IDisposable
{
    private const string RefreshToken = "1//0refresh-token";
    private const string ClientId = "123-abc.apps.googleusercontent.com";
    private const string ClientSecret = "GOCSPX-secret";

    private readonly string _folder = Directory.CreateTempSubdirectory("gmail-auth-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Refreshes_a_python_token_file_against_its_token_uri_before_the_first_call()
    {
        await using var bed = await SignedInBedAsync(server => PythonTokenFile(server.TokenUrl, token: "ya29.stale", expiry: DateTimeOffset.UtcNow.AddHours(-2)));

        await bed.OpenAsync(GmailTestbed.Labels, dryRun: false, Ct);

        Assert.Equal(1, bed.Server.CountOf(FakeGmailCall.Token));
        Assert.DoesNotContain(bed.Server.Requests, r => r.Status == 401);
    }

    [Fact]
    public async Task Uses_the_files_access_token_while_it_is_fresh()
    {
        await using var bed = await SignedInBedAsync(server => PythonTokenFile(server.TokenUrl, token: server.IssueAccessToken(), expiry: DateTimeOffset.UtcNow.AddMinutes(50)));

        await bed.OpenAsync(GmailTestbed.Labels, dryRun: false, Ct);

        Assert.Equal(0, bed.Server.CountOf(FakeGmailCall.Token));
    }

    [Fact]
    public async Task Refreshes_once_when_gmail_answers_401()
    {
        await using var bed = await SignedInBedAsync(server => PythonTokenFile(server.TokenUrl, token: server.IssueAccessToken(), expiry: DateTimeOffset.UtcNow.AddMinutes(50)));
        bed.Server.AddMessage(GmailTestbed.Rfc822(1));
        await bed.OpenAsync(GmailTestbed.Labels, dryRun: false, Ct);
        bed.Server.ExpireAccessTokens();

        var items = await bed.ListAsync();

        Assert.Single(items);
        Assert.Equal(1, bed.Server.CountOf(FakeGmailCall.Token));
        Assert.Equal([401, 200], bed.Server.Requests.Where(r => r.Call == FakeGmailCall.MessagesList).Select(r => r.Status));
    }

    [Fact]
    public async Task Says_to_sign_in_again_when_the_refresh_token_was_revoked()
    {
        await using var bed = await SignedInBedAsync(server => PythonTokenFile(server.TokenUrl, token: null, expiry: null));
        bed.Server.RevokeRefreshToken(RefreshToken);

        var ex = await Assert.ThrowsAsync<GmailSignInException>(() => bed.OpenAsync(GmailTestbed.Labels, dryRun: false, Ct));

        Assert.StartsWith("Gmail sign-in expired or was revoked: run emailtriage auth gmail", ex.Message, StringComparison.Ordinal);
        Assert.Contains("7 days", ex.Message, StringComparison.Ordinal);
        Assert.Contains("invalid_grant", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, bed.Server.CountOf(FakeGmailCall.LabelsList));
    }

    // A 500 would do too, but Google.Apis.Auth retries that itself with real sleeps, which only slows the test.
    public static TheoryData<string> TokenEndpointOutages => ["html 502", "temporarily_unavailable", "disconnect"];

    [Theory]
    [MemberData(nameof(TokenEndpointOutages))]
    public async Task A_token_endpoint_that_does_not_answer_makes_the_mailbox_unavailable_for_this_run(string outage)
    {
        await using var bed = await SignedInBedAsync(server => PythonTokenFile(server.TokenUrl, token: null, expiry: null));
        FakeGmailFault fault = outage switch
        {
            "html 502" => new FakeGmailFault.HtmlPage(502),
            "temporarily_unavailable" => new FakeGmailFault.OAuthError("temporarily_unavailable", "Try again later"),
            _ => new FakeGmailFault.Disconnect(),
        };
        for (var i = 0; i < 5; i++)
        {
            bed.Server.EnqueueFault(FakeGmailCall.Token, fault);
        }

        var ex = await Assert.ThrowsAsync<Mailboxes.MailboxUnavailableException>(() => bed.OpenAsync(GmailTestbed.Labels, dryRun: false, Ct));

        Assert.StartsWith($"Google's sign-in service at {bed.Server.TokenUrl} did not answer", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith("the next run tries again.", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, bed.Server.CountOf(FakeGmailCall.LabelsList));
    }

    [Fact]
    public async Task Names_the_client_settings_when_google_rejects_the_client_from_settings()
    {
        await using var bed = await GmailTestbed.StartAsync(signIn: server =>
        {
            server.RequireAccessToken = true;
            server.AddRefreshToken(RefreshToken, ClientId, ClientSecret);
            var options = new GmailOptions { RefreshToken = RefreshToken, ClientId = ClientId, ClientSecret = "GOCSPX-reset", TokenUri = server.TokenUrl.ToString() };
            return GmailCredentialLoader.LoadAsync(options, new AppPaths(_folder), TimeProvider.System, Ct);
        });

        var ex = await Assert.ThrowsAsync<GmailSignInException>(() => bed.OpenAsync(GmailTestbed.Labels, dryRun: false, Ct));

        Assert.Contains("invalid_client", ex.Message, StringComparison.Ordinal);
        Assert.Contains("GMAIL_CLIENT_ID and GMAIL_CLIENT_SECRET", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Key Vault secret GMAIL-CLIENT-SECRET", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("7 days", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Names_the_token_file_and_the_client_settings_when_google_answers_unauthorized_client()
    {
        await using var bed = await SignedInBedAsync(server => PythonTokenFile(server.TokenUrl, token: null, expiry: null));
        bed.Server.EnqueueFault(FakeGmailCall.Token, new FakeGmailFault.OAuthError("unauthorized_client", "Unauthorized", 401));

        var ex = await Assert.ThrowsAsync<GmailSignInException>(() => bed.OpenAsync(GmailTestbed.Labels, dryRun: false, Ct));

        Assert.Contains("unauthorized_client", ex.Message, StringComparison.Ordinal);
        Assert.Contains("(GMAIL_TOKEN_FILE)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("GMAIL_CLIENT_ID and GMAIL_CLIENT_SECRET", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("7 days", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Names_the_missing_client_settings_when_the_refresh_token_comes_from_settings()
    {
        var options = new GmailOptions { TokenFile = "does/not/exist.json", RefreshToken = RefreshToken, ClientId = ClientId };

        var ex = await Assert.ThrowsAsync<SettingsException>(() => GmailCredentialLoader.LoadAsync(options, new AppPaths(_folder), TimeProvider.System, Ct));

        Assert.StartsWith("GMAIL_REFRESH_TOKEN is set, but GMAIL_CLIENT_SECRET is not.", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("write a complete token file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Takes_refresh_token_and_client_from_settings_when_there_is_no_file()
    {
        await using var bed = await GmailTestbed.StartAsync(signIn: server =>
        {
            server.RequireAccessToken = true;
            server.AddRefreshToken(RefreshToken, ClientId, ClientSecret);
            var options = new GmailOptions
            {
                TokenFile = "does/not/exist.json",
                RefreshToken = RefreshToken,
                ClientId = ClientId,
                ClientSecret = ClientSecret,
                TokenUri = server.TokenUrl.ToString(),
            };
            return GmailCredentialLoader.LoadAsync(options, new AppPaths(_folder), TimeProvider.System, Ct);
        });

        await bed.OpenAsync(GmailTestbed.Labels, dryRun: false, Ct);

        Assert.Equal(1, bed.Server.CountOf(FakeGmailCall.Token));
    }

    [Fact]
    public async Task Names_the_setting_and_the_command_when_the_token_file_is_missing()
    {
        var options = new GmailOptions { TokenFile = "config/gmail_token.json" };

        var ex = await Assert.ThrowsAsync<SettingsException>(() => GmailCredentialLoader.LoadAsync(options, new AppPaths(_folder), TimeProvider.System, Ct));

        Assert.Contains("GMAIL_TOKEN_FILE", ex.Message, StringComparison.Ordinal);
        Assert.Contains("emailtriage auth gmail", ex.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_folder, "config", "gmail_token.json"), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lists_what_a_token_file_lacks()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "token.json"), """{"token": "x", "client_id": "id"}""", Ct);
        var options = new GmailOptions { TokenFile = "token.json" };

        var ex = await Assert.ThrowsAsync<SettingsException>(() => GmailCredentialLoader.LoadAsync(options, new AppPaths(_folder), TimeProvider.System, Ct));

        Assert.Contains("refresh_token, client_secret", ex.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private Task<GmailTestbed> SignedInBedAsync(Func<FakeGmailServer, string> tokenFile) =>
        GmailTestbed.StartAsync(signIn: async server =>
        {
            server.RequireAccessToken = true;
            server.AddRefreshToken(RefreshToken, ClientId, ClientSecret);
            await File.WriteAllTextAsync(Path.Combine(_folder, "gmail_token.json"), tokenFile(server), Ct);
            var options = new GmailOptions { TokenFile = "gmail_token.json" };
            return await GmailCredentialLoader.LoadAsync(options, new AppPaths(_folder), TimeProvider.System, Ct);
        });

    // What google-auth's Credentials.to_json() writes, as the Python version stored it.
    private static string PythonTokenFile(Uri tokenUri, string? token, DateTimeOffset? expiry) =>
        $$"""
        {"token": {{(token is null ? "null" : $"\"{token}\"")}}, "refresh_token": "{{RefreshToken}}", "token_uri": "{{tokenUri}}",
         "client_id": "{{ClientId}}", "client_secret": "{{ClientSecret}}", "scopes": ["https://www.googleapis.com/auth/gmail.modify"],
         "universe_domain": "googleapis.com", "account": "",
         "expiry": {{(expiry is { } e ? $"\"{e.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffff", CultureInfo.InvariantCulture)}Z\"" : "null")}}}
        """;
}
