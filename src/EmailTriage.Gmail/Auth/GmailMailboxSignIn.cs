using EmailTriage.Configuration;
using EmailTriage.Mailboxes;

namespace EmailTriage.Gmail.Auth;

/// <summary><c>auth gmail [--imap]</c>: the one-time browser sign-in that writes GMAIL_TOKEN_FILE.</summary>
internal sealed class GmailMailboxSignIn(GmailOptions options, AppPaths paths, TimeProvider time) : IMailboxSignIn
{
    public const string ImapSwitch = "imap";

    public string Description => "Sign in to Gmail in the browser (asks only for gmail.modify, unless --imap) and store the token in GMAIL_TOKEN_FILE.";

    public IReadOnlyList<MailboxField> Switches { get; } =
        [new(ImapSwitch, "Also ask for https://mail.google.com/, the scope Gmail needs for IMAP (IMAP_AUTH=gmail-oauth).")];

    public async Task<string> SignInAsync(IReadOnlySet<string> switches, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(switches);
        ArgumentNullException.ThrowIfNull(output);
        var signIn = new GmailSignIn(options, paths, time) { ForImap = switches.Contains(ImapSwitch) };
        var path = await signIn.RunAsync(
            new BrowserCodeReceiver(
                url => output.WriteLine($"No browser could be opened. Open this address yourself, on this machine:\n  {url}"),
                () => output.WriteLine("Google's sign-in page is open in your browser; sign in there and come back.")),
            cancellationToken);
        return $"Signed in. The token is in {path} (keep it private; it is git-ignored).\nNext: 'emailtriage labels sync', then 'emailtriage triage --dry-run'.";
    }
}
