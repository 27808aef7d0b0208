using System.CommandLine;
using EmailTriage.Labels;
using EmailTriage.Mailboxes;
using EmailTriage.State;
using Microsoft.Extensions.DependencyInjection;

namespace EmailTriage.Cli.Commands;

/// <summary><c>labels sync</c>: creates the configured labels (and any hidden marker) in the mailbox and says what it did.</summary>
internal static class LabelsCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "Say what would be created, create nothing." };
        var mailbox = new Option<string?>(MailboxChoice.Option) { Description = "The mailbox: a name from mailboxes.json or a kind such as gmail (default: the mailbox of your settings)." };
        var sync = new Command("sync", "Create the labels from the label file in the mailbox; existing ones (any letter case) are kept.") { dryRun, mailbox };
        sync.SetAction((parsed, cancellationToken) => SyncAsync(environment, parsed.GetValue(mailbox), parsed.GetValue(dryRun), cancellationToken));
        return new Command("labels", "Manage the mailbox's labels.") { sync };
    }

    private static async Task<int> SyncAsync(CliEnvironment environment, string? option, bool dryRun, CancellationToken cancellationToken)
    {
        using var services = CliServices.Create(environment);
        var catalog = services.GetRequiredService<MailboxCatalog>();
        var output = environment.Console.Out;
        if (catalog.Choose(option, MailboxChoice.Option) is not { } definition)
        {
            await environment.Console.Error.WriteLineAsync($"No mailbox to create labels in: sign in first (emailtriage auth KIND) or name one with {MailboxChoice.Option}.");
            return ExitCodes.BadConfiguration;
        }

        var labels = definition.LabelFile is { } file ? LabelConfigLoader.LoadFile(file) : services.GetRequiredService<LabelConfigLoader>().Load();
        var box = await catalog.OpenAsync(definition, cancellationToken);
        var store = await services.GetRequiredService<IStateStores>().ForAsync(box, await box.IdentifyAsync(cancellationToken), cancellationToken);
        await using var session = await box.OpenAsync(new MailboxRun(labels, dryRun, store), cancellationToken);

        var result = session.Labels;
        foreach (var name in labels.AllNames.Concat(result.Hidden))
        {
            var state = result.Created.Contains(name, StringComparer.OrdinalIgnoreCase) ? "created"
                : result.Missing.Contains(name, StringComparer.OrdinalIgnoreCase) ? "missing (would be created)"
                : "exists";
            await output.WriteLineAsync($"  {state,-27} {name}{(result.Hidden.Contains(name) ? " (hidden marker: triaged)" : string.Empty)}");
        }

        await output.WriteLineAsync(dryRun
            ? $"Dry run: {result.Missing.Count} label(s) would be created."
            : $"{result.Created.Count} label(s) created, {labels.AllNames.Count + result.Hidden.Count - result.Created.Count} already there.");
        return ExitCodes.Done;
    }
}
