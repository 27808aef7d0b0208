using EmailTriage.Configuration;
using EmailTriage.Mailboxes;

namespace EmailTriage.Imap;

/// <summary>The token source IMAP_AUTH names, or null for a password.</summary>
internal sealed class ImapAccessTokenSources(IEnumerable<IOAuthTokenSource> shared, StateDirectory state, ISignInPrompt prompt)
{
    /// <summary>The name under which the Gmail adapter offers its sign-in (<see cref="IOAuthTokenSource.Name"/>).</summary>
    public const string GmailSignIn = "gmail";

    public IImapAccessTokens? For(ImapOptions options) => options.EffectiveAuth switch
    {
        ImapAuth.GmailOAuth => new SharedTokens(shared.FirstOrDefault(s => s.Name == GmailSignIn)
            ?? throw new SettingsException("IMAP_AUTH=gmail-oauth signs in with the app's Gmail sign-in, which this build does not include. Use IMAP_AUTH=password with an app password.")),
        ImapAuth.MicrosoftOAuth => new MicrosoftImapTokens(options, state, prompt),
        _ => null,
    };

    /// <summary>A sign-in another mailbox kind keeps, used as it is.</summary>
    private sealed class SharedTokens(IOAuthTokenSource source) : IImapAccessTokens
    {
        public string SettingsToFix => source.SettingsToFix;

        public Task<string> GetAsync(CancellationToken cancellationToken) => source.GetAccessTokenAsync(cancellationToken);
    }
}
