namespace EmailTriage.Imap.Tests;

public sealed class ImapAuthOptionsValidatorTests
{
    [Theory]
    [InlineData("password", null, true)]
    [InlineData("gmail-oauth", null, true)]
    [InlineData("microsoft-oauth", "00000000-0000-0000-0000-000000000001", true)]
    [InlineData("microsoft-oauth", null, false)]
    [InlineData("oauth", null, false)]
    public void Imap_auth_is_one_of_three_and_microsoft_needs_a_client_id(string auth, string? clientId, bool valid)
    {
        var result = new ImapAuthOptionsValidator().Validate(null, new ImapOptions { Host = "outlook.office365.com", Auth = auth, OAuthClientId = clientId });

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains(auth == "oauth" ? "IMAP_AUTH 'oauth' is not one of password, gmail-oauth or microsoft-oauth" : "IMAP_OAUTH_CLIENT_ID", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_oauth_mailbox_needs_no_password_but_a_password_mailbox_does()
    {
        var oauth = new ImapOptions { Host = "imap.gmail.com", Username = "me@gmail.com", Auth = "gmail-oauth" };

        Assert.Equal(ImapAuth.GmailOAuth, oauth.EffectiveAuth);
        Assert.Contains("refused the OAuth token", ImapSignIn.Refused(oauth, "imap.gmail.com:993", "no"), StringComparison.Ordinal);
        Assert.Contains("IMAP_PASSWORD", ImapSignIn.Refused(new ImapOptions { Username = "me" }, "h:993", "no"), StringComparison.Ordinal);
    }
}
