using EmailTriage.Configuration;
using EmailTriage.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EmailTriage.Gmail.Tests;

public sealed class GmailOptionsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Binds_the_flat_setting_names_with_defaults()
    {
        using var services = Provider(new() { ["GMAIL_USER"] = "someone@example.com", ["TRIAGE_QUERY"] = "in:inbox", ["GMAIL_MAX_RETRIES"] = "2" });

        var options = services.GetRequiredService<IOptions<GmailOptions>>().Value;

        Assert.Equal("someone@example.com", options.User);
        Assert.Equal("in:inbox", options.Query);
        Assert.Equal(2, options.RetryPolicy.MaxRetries);
        Assert.Equal("config/gmail_token.json", options.TokenFile);
        Assert.Equal("https://gmail.googleapis.com/", options.ApiBaseUrl);
        Assert.Equal("config/credentials.json", options.CredentialsFile);
    }

    [Fact]
    public void Names_the_setting_that_is_wrong()
    {
        using var services = Provider(new() { ["GMAIL_API_BASE_URL"] = "gmail.example.com", ["GMAIL_USER"] = " ", ["GMAIL_MAX_RETRIES"] = "99" });

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<GmailOptions>>().Value);

        Assert.Contains(ex.Failures, f => f.StartsWith("GMAIL_API_BASE_URL 'gmail.example.com' is not an http(s) URL", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("GMAIL_USER must not be empty", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("GMAIL_MAX_RETRIES must be between 0 and 10", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("GMAIL_REFRESH_TOKEN")]
    [InlineData("GMAIL_CLIENT_ID")]
    [InlineData("GMAIL_CLIENT_SECRET")]
    public void Says_a_key_vault_reference_did_not_resolve(string setting)
    {
        const string reference = "@Microsoft.KeyVault(SecretUri=https://kv-emailtriage.vault.azure.net/secrets/GMAIL-CLIENT-SECRET/)";
        using var services = Provider(new() { [setting] = reference });

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<GmailOptions>>().Value);

        var failure = Assert.Single(ex.Failures);
        Assert.StartsWith($"{setting} is a Key Vault reference that did not resolve", failure, StringComparison.Ordinal);
        Assert.Contains("the secret is not set, its name is wrong", failure, StringComparison.Ordinal);
        Assert.Contains("Key Vault Secrets User", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Factory_signs_in_from_settings_and_builds_a_working_mailbox()
    {
        await using var server = await FakeGmailServer.StartAsync(Ct);
        server.RequireAccessToken = true;
        server.AddRefreshToken("refresh", "client", "secret");
        server.AddMessage(GmailTestbed.Rfc822(1));
        using var services = Provider(new()
        {
            ["GMAIL_API_BASE_URL"] = server.BaseUrl.ToString(),
            ["GMAIL_REFRESH_TOKEN"] = "refresh",
            ["GMAIL_CLIENT_ID"] = "client",
            ["GMAIL_CLIENT_SECRET"] = "secret",
            ["GMAIL_TOKEN_URI"] = server.TokenUrl.ToString(),
        });
        var factory = services.GetRequiredService<GmailMailboxFactory>();

        var mailbox = await factory.CreateAsync(Ct);
        await using var session = await mailbox.OpenAsync(GmailTestbed.Labels, dryRun: false, Ct);
        var items = new List<Mailboxes.MailboxItem>();
        await foreach (var item in session.ListNewAsync(max: null, Ct))
        {
            items.Add(item);
        }

        Assert.True(factory.HasSignIn);
        Assert.Equal($"gmail me at {server.BaseUrl}", mailbox.Description);
        Assert.Single(items);
    }

    [Fact]
    public void Has_no_sign_in_without_token_file_or_refresh_token()
    {
        using var services = Provider([]);

        Assert.False(services.GetRequiredService<GmailMailboxFactory>().HasSignIn);
    }

    private static ServiceProvider Provider(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton(new AppPaths(Path.GetTempPath()));
        services.AddGmail(configuration);
        return services.BuildServiceProvider();
    }
}
