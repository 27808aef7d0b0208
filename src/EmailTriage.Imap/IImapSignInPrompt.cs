using Microsoft.Extensions.Logging;

namespace EmailTriage.Imap;

/// <summary>Shows the device-code sign-in instructions (a URL and a short code, no secret) to the person running the app.</summary>
public interface IImapSignInPrompt
{
    Task ShowAsync(string instructions, CancellationToken cancellationToken);
}

/// <summary>Hosts without a console (Functions): the instructions go to the log, where an operator finds them.</summary>
internal sealed partial class LoggedSignInPrompt(ILogger<LoggedSignInPrompt> logger) : IImapSignInPrompt
{
    public Task ShowAsync(string instructions, CancellationToken cancellationToken)
    {
        LogSignIn(logger, instructions);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "IMAP sign-in needed: {Instructions}")]
    private static partial void LogSignIn(ILogger logger, string instructions);
}
