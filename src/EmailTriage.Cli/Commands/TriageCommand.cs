using System.CommandLine;
using System.Text.Json;
using EmailTriage.Cli.Output;
using EmailTriage.Configuration;
using EmailTriage.Errors;
using EmailTriage.Mailboxes;
using EmailTriage.Triage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EmailTriage.Cli.Commands;

internal static class TriageCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var mailbox = new Option<string?>("--mailbox") { Description = "A name from mailboxes.json, 'gmail', 'imap' (the IMAP_* settings), or a folder of .eml files or an .mbox file (default: Gmail when signed in, else the bundled sample mailbox)." };
        var all = new Option<bool>("--all") { Description = "Triage every mailbox of mailboxes.json at once; they share the LLM's in-flight budget." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Classify and report, change nothing." };
        var max = NumberOptions.Count("--max", "Triage at most N new messages; the rest wait for the next run.");
        var json = new Option<bool>("--json") { Description = "Write one JSON object per message to stdout; the summary goes to stderr." };
        var model = new Option<string?>("--model") { Description = "Use (and keep learning in) the learned model in FILE instead of the mailbox's own." };

        var command = new Command("triage", "Classify new mail and apply the labels.") { mailbox, all, dryRun, max, json, model };
        command.Validators.Add(result =>
        {
            if (result.GetValue(all) && result.GetValue(mailbox) is not null)
            {
                result.AddError("Use --mailbox NAME or --all, not both.");
            }
        });
        command.SetAction((parsed, cancellationToken) => (parsed.GetValue(all) ? (Func<CliEnvironment, string?, TriageRequest, bool, CancellationToken, Task<int>>)TriageAllMailboxes.RunAsync : RunAsync)(
            environment,
            parsed.GetValue(mailbox),
            new TriageRequest
            {
                DryRun = parsed.GetValue(dryRun),
                Max = parsed.GetValue(max),
                ModelFile = parsed.GetValue(model) is { } file ? Path.Combine(environment.WorkingDirectory, file) : null,
            },
            parsed.GetValue(json),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliEnvironment environment, string? mailboxPath, TriageRequest request, bool json, CancellationToken cancellationToken)
    {
        using var services = CliServices.Create(environment);
        var console = environment.Console;
        var notes = json ? console.Error : console.Out;
        var (definition, mailbox, note) = await MailboxChoice.OpenAsync(mailboxPath, services, "triaging", cancellationToken);
        request = request.For(definition);
        if (note is not null)
        {
            await notes.WriteLineAsync(note);
        }

        var llm = services.GetRequiredService<IOptions<LlmOptions>>().Value;
        // Results arrive from parallel workers; one line each, never interleaved.
        var writeLock = new Lock();
        void WriteJson(MessageResult result)
        {
            lock (writeLock)
            {
                console.Out.WriteLine(JsonSerializer.Serialize(result, CliJsonContext.Default.MessageResult));
            }
        }

        request = request with { OnResult = json ? outcome => WriteJson(MessageResult.Of(outcome)) : null };

        var runner = services.GetRequiredService<TriageRunner>();
        var summary = console.Interactive && !json
            ? await LiveProgress.RunAsync(console, "Triage", progress => runner.RunAsync(mailbox, request with { Progress = progress }, cancellationToken))
            : await runner.RunAsync(mailbox, request, cancellationToken);

        if (console.Interactive && !json)
        {
            SummaryPrinter.WriteTable(console, summary);
        }
        else
        {
            SummaryPrinter.WritePlain(notes, summary);
        }

        if (!llm.IsConfigured && summary.LeftForLlm > 0)
        {
            await notes.WriteLineAsync(
                $"LLM_BASE_URL is not set, so only the rules ran: {summary.LeftForLlm} message(s) were left for an LLM. " +
                "Set LLM_BASE_URL and LLM_MODEL in .env (see docs/llm_configuration.md) and run again.");
        }

        return FailureKinds.Of(summary) is { } failure ? ExitCodes.For(failure) : ExitCodes.Done;
    }
}
