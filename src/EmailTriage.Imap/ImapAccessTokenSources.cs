using EmailTriage.Configuration;
using EmailTriage.Gmail;
using Microsoft.Extensions.Options;

namespace EmailTriage.Imap;

/// <summary>The token source IMAP_AUTH names, or null for a password.</summary>
public sealed class ImapAccessTokenSources(IOptions<GmailOptions> gmail, AppPaths paths, StateDirectory state, TimeProvider time, IImapSignInPrompt prompt)
{
    internal IImapAccessTokens? For(ImapOptions options) => options.EffectiveAuth switch
    {
        ImapAuth.GmailOAuth => new GmailImapTokens(gmail.Value, paths, time),
        ImapAuth.MicrosoftOAuth => new MicrosoftImapTokens(options, state, prompt),
        _ => null,
    };
}
