using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using EmailTriage.Cli.Output;
using EmailTriage.Mailboxes;
using EmailTriage.Triage;
using EmailTriage.Watching;
using Microsoft.Extensions.DependencyInjection;

namespace EmailTriage.Cli.Commands;

/// <summary><c>watch</c>: stays connected and triages new mail as it arrives (IMAP IDLE, else polling) until Ctrl+C.</summary>
internal static class WatchCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var mailbox = new Option<string?>("--mailbox") { Description = "A name from mailboxes.json, 'gmail', 'imap' (the IMAP_* settings), or a folder of .eml files or an .mbox file (default: as for triage)." };
        var interval = new Option<int>("--interval")
        {
            Description = $"Seconds between looks where the server cannot say when mail arrives (Gmail, folders, IMAP without IDLE); at least {(int)WatchTiming.ShortestPollInterval.TotalSeconds}.",
            DefaultValueFactory = _ => (int)WatchTiming.DefaultPollInterval.TotalSeconds,
            CustomParser = ParseInterval,
        };

        var command = new Command("watch", "Stay connected and triage new mail seconds after it arrives, until Ctrl+C.") { mailbox, interval };
        command.SetAction((parsed, cancellationToken) => RunAsync(environment, parsed.GetValue(mailbox), TimeSpan.FromSeconds(parsed.GetValue(interval)), cancellationToken));
        return command;
    }

    private static int ParseInterval(ArgumentResult result)
    {
        var shortest = (int)WatchTiming.ShortestPollInterval.TotalSeconds;
        if (result.Tokens is [var token] && int.TryParse(token.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds >= shortest)
        {
            return seconds;
        }

        result.AddError($"--interval takes a whole number of seconds, at least {shortest} (polling more often only loads the server), not '{string.Join(' ', result.Tokens.Select(t => t.Value))}'.");
        return shortest;
    }

    private static async Task<int> RunAsync(CliEnvironment environment, string? mailboxOption, TimeSpan interval, CancellationToken cancellationToken)
    {
        using var services = CliServices.Create(environment);
        var console = environment.Console;
        var (definition, mailbox, note) = await MailboxChoice.OpenAsync(mailboxOption, services, "watching", cancellationToken);
        var request = new TriageRequest().For(definition);
        if (note is not null)
        {
            await console.Out.WriteLineAsync(note);
        }

        var time = services.GetRequiredService<TimeProvider>();
        await using var waiter = mailbox.CreateWaiter(interval, time);
        await console.Out.WriteLineAsync($"Watching {mailbox.Description} for new mail; press Ctrl+C to stop.");
        void Report(WatchEvent happened)
        {
            var at = time.GetLocalNow().ToString("HH:mm:ss", CultureInfo.InvariantCulture);
            switch (happened)
            {
                case WatchEvent.RunCompleted { Summary: { Candidates: > 0 } or { FailureCount: > 0 } } run:
                    console.Out.WriteLine($"[{at}]");
                    SummaryPrinter.WritePlain(console.Out, run.Summary);
                    break;
                case WatchEvent.Retrying { FirstOfOutage: true } retry:
                    console.Error.WriteLine($"[{at}] {retry.Reason} Trying again in {retry.Delay.TotalSeconds:0} s, then less and less often.");
                    break;
            }
        }

        // Runs until Ctrl+C: the cancellation reaches CliApplication, which reports it the way triage does (decided labels applied).
        await services.GetRequiredService<MailboxWatch>().RunAsync(mailbox, waiter, request, new WatchTiming(interval), Report, cancellationToken);
        return ExitCodes.Done;
    }
}
