using System.CommandLine;
using EmailTriage.Classification;
using EmailTriage.Labels;
using EmailTriage.Mail;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

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
        var labels = services.GetRequiredService<LabelConfigLoader>().Load();
        var factory = services.GetRequiredService<ClassifierFactory>();
        var message = await ReadAsync(services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Configuration.LlmOptions>>().Value.MaxBodyChars, from, subject, body, cancellationToken);

        var decision = new RuleClassifier(labels).Classify(message);
        if (decision is null)
        {
            factory.RequireConnection();
            decision = await factory.Create(labels).ClassifyAsync(message, cancellationToken);
        }

        await environment.Console.Out.WriteLineAsync(decision.Label ?? "(none)");
        await environment.Console.Error.WriteLineAsync(
            $"source: {LabelSource(decision.Source)}; {decision.Reason}; LLM calls: {decision.Usage.Calls}, prompt tokens: {decision.Usage.PromptTokens}, completion tokens: {decision.Usage.CompletionTokens}");
        return decision.Label is null ? ExitCodes.SomeMessagesFailed : ExitCodes.Done;
    }

    private static async Task<MailMessage> ReadAsync(int maxBodyChars, string from, string subject, string body, CancellationToken cancellationToken)
    {
        var mime = new MimeMessage { Subject = subject, Body = new TextPart("plain") { Text = body } };
        mime.From.Add(MailboxAddress.TryParse(from, out var sender) ? sender : new MailboxAddress(from, from));
        using var stream = new MemoryStream();
        await mime.WriteToAsync(stream, cancellationToken);
        stream.Position = 0;
        return await new MailReader(maxBodyChars).ReadAsync("command-line", stream, cancellationToken);
    }

    private static string LabelSource(DecisionSource source) => source.ToString().ToLowerInvariant();
}
