using System.CommandLine;
using EmailTriage.Classification;
using Microsoft.Extensions.DependencyInjection;

namespace EmailTriage.Cli.Commands;

/// <summary>Classifies one message given on the command line: the quickest test of a configuration.</summary>
internal static class ClassifyCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var from = new Option<string>("--from") { Description = "Sender address, e.g. billing@shop.example.", Required = true };
        var subject = new Option<string>("--subject") { Description = "Subject line.", Required = true };
        var body = new Option<string>("--body") { Description = "Message text.", DefaultValueFactory = _ => string.Empty };
        var command = new Command("classify", "Classify one message and print its label.") { from, subject, body };
        command.SetAction((parsed, cancellationToken) =>
            RunAsync(environment, parsed.GetValue(from)!, parsed.GetValue(subject)!, parsed.GetValue(body) ?? string.Empty, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliEnvironment environment, string from, string subject, string body, CancellationToken cancellationToken)
    {
        using var services = CliServices.Create(environment);
        var decision = await services.GetRequiredService<SingleMessageClassifier>()
            .ClassifyAsync(new ClassifyRequest("command-line", from, subject, body), cancellationToken);

        await environment.Console.Out.WriteLineAsync(decision.Label ?? "(none)");
        await environment.Console.Error.WriteLineAsync(
            $"source: {decision.Source.Name()}; {decision.Reason}; LLM calls: {decision.Usage.Calls}, " +
            $"prompt tokens: {decision.Usage.PromptTokens}, completion tokens: {decision.Usage.CompletionTokens}{decision.Usage.EstimatedNote}");
        return decision.Label is null ? ExitCodes.SomeMessagesFailed : ExitCodes.Done;
    }
}
