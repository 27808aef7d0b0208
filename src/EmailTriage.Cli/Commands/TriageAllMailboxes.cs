using System.Text.Json;
using EmailTriage.Cli.Output;
using EmailTriage.Mailboxes;
using EmailTriage.Triage;
using Microsoft.Extensions.DependencyInjection;

namespace EmailTriage.Cli.Commands;

/// <summary><c>triage --all</c>: every mailbox of mailboxes.json at once, a summary of each and a total; the exit code is the worst one.</summary>
internal static class TriageAllMailboxes
{
    public static async Task<int> RunAsync(CliEnvironment environment, string? mailboxOption, TriageRequest request, bool json, CancellationToken cancellationToken)
    {
        using var services = CliServices.Create(environment);
        var console = environment.Console;
        var notes = json ? console.Error : console.Out;
        var list = services.GetRequiredService<MailboxCatalog>().Require("triage --all");

        // Results arrive from parallel workers of several mailboxes; one line each, never interleaved.
        var writeLock = new Lock();
        void WriteJson(MessageResult result)
        {
            lock (writeLock)
            {
                console.Out.WriteLine(JsonSerializer.Serialize(result, CliJsonContext.Default.MessageResult));
            }
        }

        request = request with { Progress = null };
        await notes.WriteLineAsync($"Triaging {list.Mailboxes.Count} mailbox(es) of {list.SourcePath}: {string.Join(", ", list.Mailboxes.Select(m => m.Name))}");
        var outcomes = await services.GetRequiredService<ManyMailboxesRunner>().RunAsync(
            list.Mailboxes,
            mailbox => request with { OnResult = json ? outcome => WriteJson(MessageResult.Of(outcome) with { Mailbox = mailbox.Name }) : null },
            cancellationToken);
        MailboxesSummaryPrinter.Write(notes, outcomes);
        return ExitCodes.Worst(outcomes.Select(o => o.Failure));
    }
}
