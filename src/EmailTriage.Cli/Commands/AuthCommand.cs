using System.CommandLine;
using EmailTriage.Configuration;
using EmailTriage.Gmail;
using EmailTriage.Gmail.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace EmailTriage.Cli.Commands;

/// <summary><c>auth gmail</c>: the one-time browser sign-in that writes GMAIL_TOKEN_FILE.</summary>
internal static class AuthCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var imap = new Option<bool>("--imap") { Description = "Also ask for https://mail.google.com/, the scope Gmail needs for IMAP (IMAP_AUTH=gmail-oauth)." };
        var gmail = new Command("gmail", "Sign in to Gmail in the browser (asks only for gmail.modify, unless --imap) and store the token in GMAIL_TOKEN_FILE.") { imap };
        gmail.SetAction((parsed, cancellationToken) => SignInAsync(environment, parsed.GetValue(imap), cancellationToken));
        return new Command("auth", "Sign in to a mailbox.") { gmail };
    }

    private static async Task<int> SignInAsync(CliEnvironment environment, bool forImap, CancellationToken cancellationToken)
    {
        using var services = CliServices.Create(environment);
        var options = services.GetRequiredService<GmailMailboxFactory>().Options;
        var signIn = new GmailSignIn(options, services.GetRequiredService<AppPaths>(), TimeProvider.System) { ForImap = forImap };
        var output = environment.Console.Out;
        var path = await signIn.RunAsync(
            new BrowserCodeReceiver(
                url => output.WriteLine($"No browser could be opened. Open this address yourself, on this machine:\n  {url}"),
                () => output.WriteLine("Google's sign-in page is open in your browser; sign in there and come back.")),
            cancellationToken);
        await output.WriteLineAsync($"Signed in. The token is in {path} (keep it private; it is git-ignored).");
        await output.WriteLineAsync("Next: 'emailtriage labels sync', then 'emailtriage triage --dry-run'.");
        return ExitCodes.Done;
    }
}
