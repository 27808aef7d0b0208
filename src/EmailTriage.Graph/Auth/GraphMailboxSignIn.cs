using EmailTriage.Configuration;
using EmailTriage.Mailboxes;

namespace EmailTriage.Graph.Auth;

/// <summary><c>auth graph</c>: the one-time device-code sign-in of a person (Outlook.com, or a work or school account).</summary>
internal sealed class GraphMailboxSignIn(GraphMailboxFactory factory, StateDirectory state) : IMailboxSignIn
{
    public string Description =>
        "Sign in to Outlook.com or Microsoft 365 with a device code (asks for Mail.ReadWrite, and MailboxSettings.ReadWrite for categories) and keep the sign-in in the system's keyring.";

    public IReadOnlyList<MailboxField> Switches { get; } = [];

    public async Task<string> SignInAsync(IReadOnlySet<string> switches, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var options = factory.Options;
        if (options.IsAppOnly)
        {
            return $"GRAPH_AUTH={GraphAuthNames.Name(options.EffectiveAuth)} signs in as the app's own identity, so there is no one to sign in here. " +
                "docs/graph_setup.md says which permission to grant it and how to limit it to the mailboxes it serves.";
        }

        GraphMailboxFactory.Check(options);
        using var signIn = new GraphDeviceCode(options, state, (text, _) => output.WriteLineAsync(text), interactive: true);
        var account = await signIn.SignInAsync(GraphScopes.For(options), cancellationToken);
        var cache = options.UnencryptedTokenCache ? "a plain file only you can read (GRAPH_UNENCRYPTED_TOKEN_CACHE)" : "the system's keyring";
        return $"Signed in as {account}. The sign-in is kept in {cache}; {signIn.RecordFile} names the account (no secret).\n" +
            "Next: 'emailtriage labels sync --mailbox graph', then 'emailtriage triage --mailbox graph --dry-run'.";
    }
}
