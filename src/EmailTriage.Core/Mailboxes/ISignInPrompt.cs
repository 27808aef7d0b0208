using Microsoft.Extensions.Logging;

namespace EmailTriage.Mailboxes;

/// <summary>
/// Shows a device-code sign-in's instructions (a URL and a short code, no secret) to the person running the app: the
/// CLI prints them on the terminal; hosts without a console log them, where an operator finds them.
/// </summary>
public interface ISignInPrompt
{
    Task ShowAsync(string instructions, CancellationToken cancellationToken);
}

/// <summary>The default for hosts without a console (Functions): the instructions go to the log.</summary>
internal sealed partial class LoggedSignInPrompt(ILogger<LoggedSignInPrompt> logger) : ISignInPrompt
{
    public Task ShowAsync(string instructions, CancellationToken cancellationToken)
    {
        LogSignIn(logger, instructions);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in needed: {Instructions}")]
    private static partial void LogSignIn(ILogger logger, string instructions);
}
