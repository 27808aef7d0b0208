using System.CommandLine;
using EmailTriage.Gmail;
using EmailTriage.Labels;
using Microsoft.Extensions.DependencyInjection;

namespace EmailTriage.Cli.Commands;

/// <summary><c>labels sync</c>: creates the configured labels (and the hidden triage marker) in Gmail and says what it did.</summary>
internal static class LabelsCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "Say what would be created, create nothing." };
        var sync = new Command("sync", "Create the labels from the label file in Gmail; existing ones (any letter case) are kept.") { dryRun };
        sync.SetAction((parsed, cancellationToken) => SyncAsync(environment, parsed.GetValue(dryRun), cancellationToken));
        return new Command("labels", "Manage the mailbox's labels.") { sync };
    }

    private static async Task<int> SyncAsync(CliEnvironment environment, bool dryRun, CancellationToken cancellationToken)
    {
        using var services = CliServices.Create(environment);
        var labels = services.GetRequiredService<LabelConfigLoader>().Load();
        var mailbox = await services.GetRequiredService<GmailMailboxFactory>().CreateAsync(cancellationToken);
        await using var session = await mailbox.OpenAsync(labels, dryRun, cancellationToken);

        var result = session.LabelSync;
        var output = environment.Console.Out;
        foreach (var name in labels.AllNames.Append(GmailMailbox.MarkerLabel))
        {
            var state = result.Created.Contains(name, StringComparer.OrdinalIgnoreCase) ? "created"
                : result.Missing.Contains(name, StringComparer.OrdinalIgnoreCase) ? "missing (would be created)"
                : "exists";
            await output.WriteLineAsync($"  {state,-27} {name}{(name == GmailMailbox.MarkerLabel ? " (hidden marker: triaged)" : string.Empty)}");
        }

        await output.WriteLineAsync(dryRun
            ? $"Dry run: {result.Missing.Count} label(s) would be created."
            : $"{result.Created.Count} label(s) created, {labels.AllNames.Count + 1 - result.Created.Count} already there.");
        return ExitCodes.Done;
    }
}
