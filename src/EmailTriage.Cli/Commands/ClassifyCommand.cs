using System.CommandLine;
using EmailTriage.Classification;
using EmailTriage.Filing;
using EmailTriage.Labels;
using EmailTriage.State;
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
        var mailbox = new Option<string?>("--mailbox") { Description = "Use the learned model of this mailbox ('gmail' or a folder), when it has one." };
        var model = new Option<string?>("--model") { Description = "Use the learned model in FILE." };
        var command = new Command("classify", "Classify one message and print its label.") { from, subject, body, mailbox, model };
        command.SetAction((parsed, cancellationToken) =>
            RunAsync(environment, new ClassifyRequest("command-line", parsed.GetValue(from)!, parsed.GetValue(subject)!, parsed.GetValue(body) ?? string.Empty), parsed.GetValue(mailbox), parsed.GetValue(model), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliEnvironment environment, ClassifyRequest request, string? mailbox, string? modelFile, CancellationToken cancellationToken)
    {
        using var services = CliServices.Create(environment);
        var labels = services.GetRequiredService<LabelConfigLoader>().Load();
        var model = await OpenModelAsync(environment, services, labels, mailbox, modelFile, cancellationToken);
        var decision = await services.GetRequiredService<OnDemandClassifier>().ClassifyAsync(request, labels, model, cancellationToken);

        await environment.Console.Out.WriteLineAsync(decision.Label ?? "(none)");
        await environment.Console.Error.WriteLineAsync(
            $"source: {decision.Source.Name()}; {decision.Reason}; LLM calls: {decision.Usage.Calls}, " +
            $"prompt tokens: {decision.Usage.PromptTokens}, completion tokens: {decision.Usage.CompletionTokens}{decision.Usage.EstimatedNote}");
        return decision.Source switch
        {
            // Nothing failed, but this message needs an LLM: setting one up is the fix.
            DecisionSource.Deferred => ExitCodes.BadConfiguration,
            DecisionSource.Failed => ExitCodes.SomeMessagesFailed,
            _ => ExitCodes.Done,
        };
    }

    private static async Task<IFilingModel?> OpenModelAsync(
        CliEnvironment environment, IServiceProvider services, Labels.LabelConfig labels, string? mailbox, string? modelFile, CancellationToken cancellationToken)
    {
        if (services.GetService<IFilingModels>() is not { } models || (mailbox is null && modelFile is null))
        {
            return null;
        }

        if (modelFile is not null)
        {
            var path = Path.Combine(environment.WorkingDirectory, modelFile);
            var (file, name) = FileStateStore.ForFile(path);
            return await models.OpenAsync(file, name, labels, cancellationToken)
                ?? throw new FileNotFoundException($"The learned model {path} does not exist. Train one with 'emailtriage learn --model {modelFile}'.");
        }

        var (_, box, _) = await MailboxChoice.OpenAsync(mailbox, services, "classifying with", cancellationToken);
        var store = await services.GetRequiredService<IStateStores>().ForAsync(box, await box.IdentifyAsync(cancellationToken), cancellationToken);
        return await models.OpenAsync(store, IFilingModels.ModelName, labels, cancellationToken);
    }
}
