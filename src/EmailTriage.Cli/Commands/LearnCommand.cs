using System.CommandLine;
using EmailTriage.Cli.Output;
using EmailTriage.Configuration;
using EmailTriage.Evaluation;
using EmailTriage.Filing;
using EmailTriage.Labels;
using EmailTriage.Mail;
using EmailTriage.Mailboxes;
using EmailTriage.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EmailTriage.Cli.Commands;

/// <summary>
/// Trains the learned model on mail the user already filed (a folder per label, or Gmail messages carrying one configured
/// label), saves it where triage finds it, and prints what it measured on the newest mail it held out. Sends nothing anywhere.
/// </summary>
internal static class LearnCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var mailbox = new Option<string?>("--mailbox")
        {
            Description = "Filed mail to learn from: a folder with one subfolder of .eml/.mbox files per label (PATH/<Label>/), 'gmail', or 'imap' (the IMAP_* account's label folders or keywords, read only; default: the bundled labelled examples).",
        };
        var model = new Option<string?>("--model") { Description = "Save the model to FILE instead of beside the mailbox (PATH/.emailtriage/) or in the state folder (Gmail)." };
        var writeLabels = new Option<string?>("--write-labels") { Description = "Instead of training, write a label file to FILE with one label per folder, each described from what is filed there." };
        var command = new Command("learn", "Learn your labels from mail you already filed; the model then decides before the LLM when it is sure.") { mailbox, model, writeLabels };
        command.SetAction((parsed, cancellationToken) => parsed.GetValue(writeLabels) is { } file
            ? WriteLabelsAsync(environment, parsed.GetValue(mailbox), file, cancellationToken)
            : LearnAsync(environment, parsed.GetValue(mailbox), parsed.GetValue(model), cancellationToken));
        return command;
    }

    private static async Task<int> LearnAsync(CliEnvironment environment, string? mailboxOption, string? modelFile, CancellationToken cancellationToken)
    {
        using var services = CliServices.Create(environment);
        var console = environment.Console;
        var training = services.GetRequiredService<ModelTraining>();
        var labels = services.GetRequiredService<LabelConfigLoader>().Load();
        var (source, store, note) = await OpenAsync(services, mailboxOption, cancellationToken);
        if (note is not null)
        {
            await console.Out.WriteLineAsync(note);
        }

        var mail = await training.ReadAsync(source.ListAsync(labels, cancellationToken), labels, max: null, cancellationToken);
        var (filed, outside) = (mail.Messages, mail.OutsideLabels);
        await console.Out.WriteLineAsync($"Learning from {source.Description}: {filed.Count} messages under the labels of {labels.SourcePath}.");
        if (outside.Count > 0)
        {
            await console.Out.WriteLineAsync($"  skipped, not labels in the label file: {string.Join(", ", outside.Select(o => $"{o.Key} ({o.Value})"))}");
        }

        (IStateStore where, string name) = modelFile is null
            ? (store, IFilingModels.ModelName)
            : FileStateStore.ForFile(Path.Combine(environment.WorkingDirectory, modelFile));
        var trained = await training.TrainAndSaveAsync(mail, labels, where, name, cancellationToken);
        TrainingPrinter.Write(console.Out, trained.Report);
        await console.Out.WriteLineAsync($"Model saved as {name} in {where.Description}. triage, classify and eval use it{(modelFile is null ? string.Empty : $" with --model {modelFile}")}.");
        return ExitCodes.Done;
    }

    private static async Task<int> WriteLabelsAsync(CliEnvironment environment, string? mailboxOption, string file, CancellationToken cancellationToken)
    {
        using var services = CliServices.Create(environment);
        var (definition, _) = MailboxChoice.Choose(mailboxOption, services, EvalCommand.SampleMailbox);
        if (definition.Setting("path") is null)
        {
            throw new SettingsException($"learn --write-labels reads the label folders of a truth folder (PATH/<Label>/*.eml). For {mailboxOption}, list your labels in the label file by hand (see docs/label_configuration.md).");
        }

        var folder = Path.Combine(environment.WorkingDirectory, definition.Setting("path")!);
        var reader = Reader(services);
        var filed = new Dictionary<string, List<MailMessage>>(StringComparer.Ordinal);
        await foreach (var labelled in new LabelledFolderMailbox(folder).ListAsync(new LabelConfig([], null, string.Empty), cancellationToken))
        {
            var message = await reader.ReadAsync(labelled.Item, cancellationToken);
            (filed.TryGetValue(labelled.Truth, out var list) ? list : filed[labelled.Truth] = []).Add(message);
        }

        if (filed.Count == 0)
        {
            throw new InvalidDataException($"{folder} holds no label folders with mail (PATH/<Label>/*.eml), so there is nothing to name labels after.");
        }

        var path = Path.Combine(environment.WorkingDirectory, file);
        await File.WriteAllTextAsync(path, LabelFileDraft.Write(filed.ToDictionary(f => f.Key, f => (IReadOnlyList<MailMessage>)f.Value, StringComparer.Ordinal)), cancellationToken);
        await environment.Console.Out.WriteLineAsync(
            $"Wrote {path} with {filed.Count} labels from the folders of {folder}. Read and edit the descriptions (they quote your subjects, " +
            $"which the LLM prompt carries), set LABEL_CONFIG_FILE={file} in .env, then run 'emailtriage learn --mailbox {mailboxOption ?? EvalCommand.SampleMailbox}'.");
        return ExitCodes.Done;
    }

    /// <summary>The filed mail of the mailbox <c>--mailbox</c> names (read only), and the state store its model goes to.</summary>
    private static async Task<(ILabelledMailbox Source, IStateStore Store, string? Note)> OpenAsync(IServiceProvider services, string? option, CancellationToken cancellationToken)
    {
        var catalog = services.GetRequiredService<MailboxCatalog>();
        var (definition, sample) = MailboxChoice.Choose(option, services, EvalCommand.SampleMailbox);
        var mailbox = await catalog.OpenAsync(definition, cancellationToken);
        var truth = await catalog.OpenLabelledAsync(definition, cancellationToken);
        var store = await services.GetRequiredService<IStateStores>().ForAsync(mailbox, await mailbox.IdentifyAsync(cancellationToken), cancellationToken);
        var note = option is null ? MailboxChoice.DefaultNote(services, definition, truth.Description, sample, "learning from", "the bundled labelled examples in") : null;
        return (truth, store, note);
    }

    private static MailReader Reader(IServiceProvider services) => new(services.GetRequiredService<IOptions<LlmOptions>>().Value.MaxBodyChars);
}
