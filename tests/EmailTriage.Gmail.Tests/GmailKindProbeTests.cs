using EmailTriage.Configuration;
using EmailTriage.Health;
using EmailTriage.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EmailTriage.Gmail.Tests;

public sealed class GmailKindProbeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reports_unavailable_when_the_token_endpoint_does_not_answer()
    {
        await using var server = await FakeGmailServer.StartAsync(Ct);
        server.RequireAccessToken = true;
        server.AddRefreshToken("refresh", "client", "secret");
        server.EnqueueFault(FakeGmailCall.Token, new FakeGmailFault.HtmlPage(502));
        var options = new GmailOptions
        {
            ApiBaseUrl = server.BaseUrl.ToString(),
            RefreshToken = "refresh",
            ClientId = "client",
            ClientSecret = "secret",
            TokenUri = server.TokenUrl.ToString(),
        };
        var paths = new AppPaths(Path.GetTempPath());
        using var factory = new GmailMailboxFactory(Options.Create(options), paths, TimeProvider.System, NullLoggerFactory.Instance);

        using var kind = new GmailKind(factory, Options.Create(options), paths, TimeProvider.System, NullLoggerFactory.Instance);

        var item = Assert.Single(await kind.ProbeAsync(EmailTriage.Mailboxes.MailboxDefinition.Flat("gmail", "the settings"), HealthCheckDepth.Full, Ct));

        Assert.Equal(HealthStatus.Unavailable, item.Status);
        Assert.StartsWith($"Google's sign-in service at {server.TokenUrl} did not answer (HTTP 502)", item.Detail, StringComparison.Ordinal);
        Assert.Equal(0, server.CountOf(FakeGmailCall.LabelsList));
    }
}
