using EmailTriage.Mailboxes;

namespace EmailTriage.Cli;

/// <summary>The device-code instructions (open a URL, type a code) on stderr, where the person running the CLI sees them.</summary>
internal sealed class ConsoleSignInPrompt(TextWriter error) : ISignInPrompt
{
    public Task ShowAsync(string instructions, CancellationToken cancellationToken) => error.WriteLineAsync(instructions.AsMemory(), cancellationToken);
}
