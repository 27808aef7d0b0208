using EmailTriage.Gmail.Auth;

namespace EmailTriage.Gmail.Tests.Auth;

public sealed class AuthorizedUserFileTests
{
    [Fact]
    public void ToString_shows_which_secrets_are_there_but_not_what_they_are()
    {
        var file = new AuthorizedUserFile
        {
            ClientId = "123-abc.apps.googleusercontent.com",
            ClientSecret = "GOCSPX-client-secret",
            RefreshToken = "1//0refresh-token",
            Token = "ya29.access-token",
            TokenUri = "https://oauth2.googleapis.com/token",
            Scopes = [GmailScopes.Modify],
        };

        var text = file.ToString();

        Assert.DoesNotContain("GOCSPX-client-secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("1//0refresh-token", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ya29.access-token", text, StringComparison.Ordinal);
        Assert.Contains("ClientSecret = ***", text, StringComparison.Ordinal);
        Assert.Contains("RefreshToken = ***", text, StringComparison.Ordinal);
        Assert.Contains("123-abc.apps.googleusercontent.com", text, StringComparison.Ordinal);
        Assert.Contains("https://oauth2.googleapis.com/token", text, StringComparison.Ordinal);
    }
}
