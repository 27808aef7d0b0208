using EmailTriage.Gmail.Auth;

namespace EmailTriage.Gmail.Tests.Auth;

public sealed class OAuthClientFileTests
{
    [Fact]
    public void ToString_does_not_print_the_client_secret()
    {
        var file = new OAuthClientFile { Installed = new OAuthClient { ClientId = "123-abc.apps.googleusercontent.com", ClientSecret = "GOCSPX-client-secret" } };

        var text = file.ToString();

        Assert.DoesNotContain("GOCSPX-client-secret", text, StringComparison.Ordinal);
        Assert.Contains("ClientSecret = ***", text, StringComparison.Ordinal);
        Assert.Contains("123-abc.apps.googleusercontent.com", text, StringComparison.Ordinal);
    }
}
