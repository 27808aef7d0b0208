using System.CommandLine;
using System.Text.Json;
using EmailTriage.Cli.Evaluation;
using EmailTriage.Cli.Output;
using EmailTriage.Errors;
using EmailTriage.Evaluation;
using Spectre.Console;

namespace EmailTriage.Cli.Commands;

/// <summary>Measures accuracy, speed and cost of the current settings (and optionally a second set) on labelled mail.</summary>
internal static class EvalCommand
{
    public const string SampleMailbox = "samples/labelled";
    public const string CurrentName = "current";

    /// <summary>The share trained on when --replay is given without --learned-split.</summary>
    public const double DefaultSplit = 0.7;

    /// <summary>The only truth of a mailbox that keeps labels (Gmail, IMAP): the configured label each message carries there.</summary>
    public const string LabelsTruth = "labels";

    public static Command Create(CliEnvironment environment)
    {
        var mailbox = new Option<string?>("--mailbox")
        {
            Description = "A folder with one subfolder of .eml files per label, e.g. Finance/*.eml, 'gmail' for the labels your Gmail messages carry, or 'imap' for the IMAP_* account's label folders or keywords, read only (default: the bundled labelled examples).",
        };
        var truth = new Option<string?>("--truth") { Description = "For a mailbox that keeps labels (--mailbox gmail, imap or a listed name), where the right labels come from: 'labels' (the default), the one configured label each message carries." };
        truth.AcceptOnlyFromAmong(LabelsTruth);
        var sample = NumberOptions.Count("--sample", "Evaluate N messages chosen by --seed instead of all of them.");
        var seed = NumberOptions.Number("--seed", "Which messages --sample takes; the same seed takes the same ones.", 42);
        var json = new Option<bool>("--json") { Description = "Print one JSON object with every figure." };
        var report = new Option<string?>("--report") { Description = "Also write an HTML page with the confusion matrix and every misclassified message to FILE." };
        var compare = new Option<string?>("--compare") { Description = "Also evaluate the settings of OTHER.env laid over the current ones (or OTHER.json as the label file), on the same messages, and show both." };
        var split = new Option<double?>("--learned-split")
        {
            Description = "Train a learned model on the oldest F of the messages by Date (e.g. 0.7) and measure on the rest; runs without an LLM too, counting what the model leaves undecided.",
        };
        var replay = new Option<bool>("--replay") { Description = "After the learned split (0.7 unless --learned-split says), replay the rest in date order, revealing each message's label after it is decided, as your filing would; prints the learning curve." };
        var model = new Option<string?>("--model") { Description = "Measure the learned model in FILE as it is (trained on other mail than this truth set)." };

        var command = new Command("eval", "Measure accuracy, speed and cost on mail whose right labels you know; changes nothing.")
        {
            mailbox, truth, sample, seed, json, report, compare, split, replay, model,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(truth) is not null && IsFolder(environment, result.GetValue(mailbox)))
            {
                result.AddError("--truth applies only to a mailbox that keeps labels (such as --mailbox gmail); in a truth folder, the subfolder a message is in is its truth.");
            }

            if (result.GetValue(split) is { } f && (f <= 0 || f >= 1 || double.IsNaN(f)))
            {
                result.AddError($"--learned-split must be a share between 0 and 1, such as 0.7 (got {f}).");
            }

            if (result.GetValue(model) is not null && (result.GetValue(split) is not null || result.GetValue(replay)))
            {
                result.AddError("--model measures a model as it is; --learned-split and --replay train one on the truth set. Use one or the other.");
            }
        });
        command.SetAction((parsed, cancellationToken) => RunAsync(
            environment,
            new EvalArguments(parsed.GetValue(mailbox), parsed.GetValue(sample), parsed.GetValue(seed), parsed.GetValue(json), parsed.GetValue(report), parsed.GetValue(compare))
            {
                Learning = new EvalLearning(parsed.GetValue(split) ?? (parsed.GetValue(replay) ? DefaultSplit : null), parsed.GetValue(replay), parsed.GetValue(model) is { } file ? Path.Combine(environment.WorkingDirectory, file) : null),
            },
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliEnvironment environment, EvalArguments arguments, CancellationToken cancellationToken)
    {
        var console = environment.Console;
        var notes = arguments.Json ? console.Error : console.Out;
        var learned = arguments.Learning.Trains || arguments.Learning.ModelFile is not null;
        using var current = EvalConfiguration.Open(CurrentName, environment, llmOptional: learned);
        using var compared = arguments.Compare is { } file ? OpenCompared(environment, file, learned) : null;
        EvalConfiguration[] configurations = compared is null ? [current] : [current, compared];

        var (source, note) = await current.OpenTruthAsync(arguments.Mailbox, cancellationToken);
        if (note is not null)
        {
            await notes.WriteLineAsync(note);
        }

        var set = await EvalSet.LoadAsync(source, current.Labels, arguments.Sample, arguments.Seed, cancellationToken);
        if (source.Note is { } truthNote)
        {
            await notes.WriteLineAsync(truthNote);
        }

        foreach (var configuration in configurations)
        {
            _ = set.TruthsFor(configuration.Labels);
        }

        var results = new List<(string Name, EvalResult Result)>();
        foreach (var configuration in configurations)
        {
            var run = console.Interactive && !arguments.Json
                ? await RunWithProgressAsync(console, configuration, set, arguments.Learning, cancellationToken)
                : await configuration.RunAsync(set, arguments.Learning, null, cancellationToken);
            if (FailureKinds.OfStop(run.Summary) is { } stop)
            {
                await console.Error.WriteLineAsync($"Evaluation stopped ({configuration.Name} settings): {run.Summary.StoppedBecause}");
                return ExitCodes.For(stop);
            }

            results.Add((configuration.Name, EvalResult.From(run, configuration.Price)));
        }

        await WriteAsync(console, results, arguments.Json);
        if (arguments.Report is { } reportPath)
        {
            var path = Path.Combine(environment.WorkingDirectory, reportPath);
            await EvalHtmlReport.WriteAsync(path, results, DateTimeOffset.Now, cancellationToken);
            await notes.WriteLineAsync($"Report written to {path}");
        }

        return ExitCodes.Done;
    }

    /// <summary>No mailbox (the bundled examples) or a folder that exists: a truth folder, whose subfolders are the truth.</summary>
    private static bool IsFolder(CliEnvironment environment, string? mailbox) =>
        mailbox is null || Directory.Exists(Path.Combine(environment.WorkingDirectory, mailbox));

    private static EvalConfiguration OpenCompared(CliEnvironment environment, string file, bool llmOptional)
    {
        var path = Path.Combine(environment.WorkingDirectory, file);
        return EvalConfiguration.Open(Path.GetFileName(path), environment with { Variables = SettingsOverlay.Apply(environment.Variables, path) }, llmOptional);
    }

    private static async Task<EvalRun> RunWithProgressAsync(CliConsole console, EvalConfiguration configuration, EvalSet set, EvalLearning learning, CancellationToken cancellationToken)
    {
        EvalRun? run = null;
        await LiveProgress.RunAsync(console, $"Eval {Markup.Escape(configuration.Name)}", async progress =>
        {
            run = await configuration.RunAsync(set, learning, progress, cancellationToken);
            return run.Summary;
        });
        return run!;
    }

    private static async Task WriteAsync(CliConsole console, List<(string Name, EvalResult Result)> results, bool json)
    {
        if (json)
        {
            var text = results.Count == 1
                ? JsonSerializer.Serialize(results[0].Result, EvalJsonContext.Default.EvalResult)
                : JsonSerializer.Serialize(new EvalComparison(results[0].Result, results[1].Name, results[1].Result), EvalJsonContext.Default.EvalComparison);
            await console.Out.WriteLineAsync(text);
        }
        else if (console.Interactive)
        {
            EvalPrinter.WriteTables(console, results);
        }
        else
        {
            EvalPrinter.WritePlain(console.Out, results);
        }
    }

    private sealed record EvalArguments(string? Mailbox, int? Sample, int Seed, bool Json, string? Report, string? Compare)
    {
        public EvalLearning Learning { get; init; } = EvalLearning.None;
    }
}
