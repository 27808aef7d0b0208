using System.CommandLine;
using EmailTriage.Cli.Commands;
using EmailTriage.Errors;
using Microsoft.Extensions.Options;

namespace EmailTriage.Cli;

/// <summary>The command line: parses, runs one command, and maps failures to exit codes and plain words.</summary>
internal static class CliApplication
{
    public static async Task<int> RunAsync(string[] args, CliEnvironment environment, CliInterrupt interrupt)
    {
        var root = new RootCommand("EmailTriage: sorts your inbox into your own labels with any OpenAI-compatible LLM.")
        {
            TriageCommand.Create(environment),
            ClassifyCommand.Create(environment),
            CheckCommand.Create(environment),
            AuthCommand.Create(environment),
            LabelsCommand.Create(environment),
            EvalCommand.Create(environment),
            LearnCommand.Create(environment),
            WatchCommand.Create(environment),
        };

        var parsed = root.Parse(args);
        var invocation = new InvocationConfiguration
        {
            Output = environment.Console.Out,
            Error = environment.Console.Error,
            EnableDefaultExceptionHandler = false,

            // Signals are ours (ProcessSignals): System.CommandLine's own handler would answer SIGTERM with a bare exit
            // code after two seconds, before the labels already decided are applied.
            ProcessTerminationTimeout = null,
        };
        try
        {
            var code = await parsed.InvokeAsync(invocation, interrupt.Token);
            return parsed.Errors.Count > 0 ? ExitCodes.Usage : code;
        }
        catch (OperationCanceledException) when (interrupt.Token.IsCancellationRequested)
        {
            var signal = interrupt.Signal;
            await environment.Console.Error.WriteLineAsync($"Interrupted by {signal.Name}: labels already decided were applied; the rest waits for the next run.");
            return signal.ExitCode;
        }
        catch (Exception ex)
        {
            var (code, message) = Describe(ex);
            await environment.Console.Error.WriteLineAsync(message);
            if (code == ExitCodes.Unexpected)
            {
                // A bug, not bad input: the details help a bug report; they hold no settings or mail.
                await environment.Console.Error.WriteLineAsync(ex.ToString());
            }

            return code;
        }
    }

    private static (int Code, string Message) Describe(Exception exception) => exception switch
    {
        // These messages already lead with the phrase users know and say what to fix.
        OptionsValidationException e => (ExitCodes.For(FailureKind.BadConfiguration), string.Join("\n", e.Failures)),
        _ when FailureKinds.Of(exception) is { } kind => (ExitCodes.For(kind), exception.Message),

        // Files and folders named on the command line are the user's configuration too.
        DirectoryNotFoundException or InvalidDataException => (ExitCodes.For(FailureKind.BadConfiguration), exception.Message),
        IOException or UnauthorizedAccessException => (ExitCodes.For(FailureKind.BadConfiguration), $"Cannot read or write a file: {exception.Message}"),
        _ => (ExitCodes.Unexpected, $"Unexpected error ({exception.GetType().Name}): {exception.Message}. Please report it with the details below."),
    };
}
