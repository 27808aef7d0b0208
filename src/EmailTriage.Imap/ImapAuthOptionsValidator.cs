using Microsoft.Extensions.Options;

namespace EmailTriage.Imap;

/// <summary>Checks IMAP_AUTH and, for microsoft-oauth, that the app registration's client id is given.</summary>
internal sealed class ImapAuthOptionsValidator : IValidateOptions<ImapOptions>
{
    public ValidateOptionsResult Validate(string? name, ImapOptions options)
    {
        var auth = ImapAuthNames.Parse(options.Auth);
        if (auth is null)
        {
            return ValidateOptionsResult.Fail($"IMAP_AUTH '{options.Auth}' is not one of {ImapAuthNames.Allowed}. Remove the setting to sign in with IMAP_PASSWORD.");
        }

        if (auth == ImapAuth.MicrosoftOAuth && !string.IsNullOrWhiteSpace(options.Host) && string.IsNullOrWhiteSpace(options.OAuthClientId))
        {
            return ValidateOptionsResult.Fail(
                "IMAP_AUTH microsoft-oauth needs IMAP_OAUTH_CLIENT_ID: the application (client) id of your Entra ID app registration (see docs/imap_setup.md).");
        }

        return ValidateOptionsResult.Success;
    }
}
