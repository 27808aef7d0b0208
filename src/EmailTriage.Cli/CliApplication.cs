using System.CommandLine;
using EmailTriage.Classification;
using EmailTriage.Cli.Commands;
using EmailTriage.Configuration;
using EmailTriage.Gmail.Auth;
using EmailTriage.Labels;
using EmailTriage.Mailboxes;
using Microsoft.Extensions.Options;

namespace EmailTriage.Cli;

/// <summary>The command line: parses, runs one command, and maps failures to exit codes and plain words.</summary>
internal static class CliApplication
{
    public static async Task<int> RunAsync(string[] args, CliEnvironment environment, CancellationToken cancellationToken)
    {
        var root = new RootCommand("EmailTriage: sorts your inbox into your own labels with any OpenAI-compatible LLM.")
        {
            TriageCommand.Create(environment),
            ClassifyCommand.Create(environment),
            CheckCommand.Create(environment),
            AuthCommand.Create(environment),
            LabelsCommand.Create(environment),
            EvalCommand.Create(environment),
        };

        var parsed = root.Parse(args);
        var invocation = new InvocationConfiguration { Output = environment.Console.Out, Error = environment.Console.Error, EnableDefaultExceptionHandler = false };
        try
        {
            var code = await parsed.InvokeAsync(invocation, cancellationToken);
            return parsed.Errors.Count > 0 ? ExitCodes.Usage : code;
        }
        catch (Exception ex) when (ToExitCode(ex) is { } code)
        {
            await environment.Console.Error.WriteLineAsync(Describe(ex));
            return code;
        }
    }

    private static int? ToExitCode(Exception exception) => exception switch
    {
        SettingsException or LabelConfigException or OptionsValidationException or DirectoryNotFoundException => ExitCodes.BadConfiguration,
        InvalidOperationException { Message: var m } when m.Contains("configuration", StringComparison.OrdinalIgnoreCase) => ExitCodes.BadConfiguration,
        InvalidDataException => ExitCodes.BadConfiguration,
        LlmException or MailboxUnavailableException or GmailSignInException => ExitCodes.ServiceUnavailable,
        _ => null,
    };

    private static string Describe(Exception exception) => exception switch
    {
        OptionsValidationException e => "Configuration error:\n  " + string.Join("\n  ", e.Failures),
        LlmException or MailboxUnavailableException or GmailSignInException => exception.Message,
        InvalidOperationException e => $"Configuration error: {e.Message} Fix the value in .env or the environment.",
        _ => $"Configuration error: {exception.Message}",
    };
}
