using System.CommandLine;
using EmailTriage.Mailboxes;
using Microsoft.Extensions.DependencyInjection;

namespace EmailTriage.Cli.Commands;

/// <summary><c>auth KIND [--SWITCH]</c>: a mailbox kind's one-time sign-in (<c>auth gmail</c> writes GMAIL_TOKEN_FILE).</summary>
internal static class AuthCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var kind = new Argument<string>("kind") { Description = "The kind of mailbox to sign in to, such as gmail." };
        var command = new Command("auth", "Sign in to a mailbox once; later runs use what is stored. Switches of the kind's sign-in follow its name (auth gmail --imap).") { kind };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parsed, cancellationToken) => SignInAsync(environment, parsed.GetValue(kind)!, parsed.UnmatchedTokens, cancellationToken));
        return command;
    }

    private static async Task<int> SignInAsync(CliEnvironment environment, string kindName, IReadOnlyList<string> given, CancellationToken cancellationToken)
    {
        using var services = CliServices.Create(environment);
        var kinds = services.GetRequiredService<MailboxKinds>();
        var withSignIn = kinds.All.Where(k => k.SignIn is not null).Select(k => k.Name).ToList();
        if (kinds.Find(kindName) is not { SignIn: { } signIn })
        {
            await environment.Console.Error.WriteLineAsync($"There is no sign-in for '{kindName}'. Sign in to one of: {string.Join(", ", withSignIn)}.");
            return ExitCodes.Usage;
        }

        var switches = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var token in given)
        {
            var name = token.TrimStart('-');
            if (!token.StartsWith("--", StringComparison.Ordinal) || !signIn.Switches.Any(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                var known = signIn.Switches.Count == 0 ? "none" : string.Join(", ", signIn.Switches.Select(s => $"--{s.Name} ({s.Description})"));
                await environment.Console.Error.WriteLineAsync($"'auth {kindName}' does not take '{token}'. Its switches: {known}.");
                return ExitCodes.Usage;
            }

            switches.Add(name);
        }

        await environment.Console.Out.WriteLineAsync(await signIn.SignInAsync(switches, environment.Console.Out, cancellationToken));
        return ExitCodes.Done;
    }
}
