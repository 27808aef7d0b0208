using EmailTriage.Classification;
using EmailTriage.Triage;
using Spectre.Console;

namespace EmailTriage.Cli.Output;

/// <summary>The end-of-run summary: a table on a terminal, plain lines elsewhere.</summary>
internal static class SummaryPrinter
{
    private const int FailuresShown = 20;

    public static void WritePlain(TextWriter writer, TriageSummary summary)
    {
        if (NothingNew(summary) is { } line)
        {
            writer.WriteLine(line);
            WriteLearnedFromUser(writer, summary);
            return;
        }

        writer.WriteLine($"Triage of {summary.Mailbox}{(summary.DryRun ? " (dry run: nothing changed)" : string.Empty)}");
        writer.WriteLine($"  new messages: {summary.Candidates}, classified: {summary.Classified}, labelled: {summary.Applied}, failed: {summary.FailureCount}, not started: {summary.NotStarted}{(summary.SkippedCount > 0 ? $", skipped: {summary.SkippedCount}" : string.Empty)}");
        foreach (var (label, count) in summary.PerLabel.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.WriteLine($"  {label}: {count}");
        }

        writer.WriteLine($"  by source: {string.Join(", ", Sources(summary).Select(s => $"{s.Name} {s.Count}"))}");
        if (ProviderLine(summary) is { } providers)
        {
            writer.WriteLine($"  {providers}");
        }

        if (LearningLine(summary) is { } learning)
        {
            writer.WriteLine($"  {learning}");
        }

        writer.WriteLine($"  time: {summary.Elapsed.TotalSeconds:0.0} s, LLM calls: {summary.Usage.Calls}, prompt tokens: {summary.Usage.PromptTokens}, completion tokens: {summary.Usage.CompletionTokens}{summary.Usage.EstimatedNote}");
        foreach (var failure in summary.Failures.Take(FailuresShown))
        {
            writer.WriteLine($"  failed {failure.Id}: {failure.Reason}");
        }

        if (summary.FailureCount > FailuresShown)
        {
            writer.WriteLine($"  ... and {summary.FailureCount - FailuresShown} more failures (see the log file)");
        }

        foreach (var skipped in summary.Skipped.Take(FailuresShown))
        {
            writer.WriteLine($"  skipped {skipped.Id}: {skipped.Reason}");
        }

        if (summary.StoppedBecause is { } reason)
        {
            writer.WriteLine($"Stopped early: {reason}");
            writer.WriteLine($"  {summary.NotStarted + summary.LeftForLlm} message(s) were left as they were and wait for the next run; what the rules and the learned model decided was applied.");
        }
    }

    public static void WriteTable(CliConsole console, TriageSummary summary)
    {
        var terminal = console.Terminal();
        if (NothingNew(summary) is { } line)
        {
            terminal.WriteLine(line);
            WriteLearnedFromUser(console.Out, summary);
            return;
        }

        var table = new Table().Title(summary.DryRun ? "Triage (dry run: nothing changed)" : "Triage")
            .AddColumn("Label").AddColumn(new TableColumn("Messages").RightAligned());
        foreach (var (label, count) in summary.PerLabel.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal))
        {
            table.AddRow(Markup.Escape(label), count.ToString());
        }

        table.AddEmptyRow();
        foreach (var (name, count) in Sources(summary))
        {
            table.AddRow($"[grey]{name}[/]", count.ToString());
        }

        terminal.Write(table);
        if (ProviderLine(summary) is { } providers)
        {
            terminal.WriteLine(providers);
        }

        if (LearningLine(summary) is { } learning)
        {
            terminal.WriteLine(learning);
        }
        // Not a caption: Spectre clips captions to the table's width, and a mailbox path is usually wider.
        console.Out.WriteLine(summary.Mailbox);
        terminal.MarkupLine($"{summary.Classified} classified, {summary.Applied} labelled, [{(summary.FailureCount > 0 ? "red" : "green")}]{summary.FailureCount} failed[/] in {summary.Elapsed.TotalSeconds:0.0} s; " +
            $"{summary.Usage.Calls} LLM calls, {summary.Usage.PromptTokens} prompt + {summary.Usage.CompletionTokens} completion tokens{Markup.Escape(summary.Usage.EstimatedNote)}");
        foreach (var failure in summary.Failures.Take(FailuresShown))
        {
            terminal.MarkupLine($"[red]failed[/] {Markup.Escape(failure.Id)}: {Markup.Escape(failure.Reason)}");
        }

        foreach (var skipped in summary.Skipped.Take(FailuresShown))
        {
            terminal.MarkupLine($"[grey]skipped[/] {Markup.Escape(skipped.Id)}: {Markup.Escape(skipped.Reason)}");
        }

        if (summary.StoppedBecause is { } reason)
        {
            terminal.MarkupLine($"[red]Stopped early:[/] {Markup.Escape(reason)}");
            terminal.MarkupLine($"{summary.NotStarted + summary.LeftForLlm} message(s) were left as they were and wait for the next run; what the rules and the learned model decided was applied.");
        }
    }

    /// <summary>A rerun that finds every message labelled gets one line, not a table of zeros.</summary>
    internal static string? NothingNew(TriageSummary summary) =>
        summary is { Candidates: 0, FailureCount: 0, NotStarted: 0, LeftForLlm: 0, StoppedBecause: null }
            ? $"Nothing new in {summary.Mailbox}: every message is already labelled."
            : null;

    /// <summary>A run with nothing new may still have learned what the user filed or corrected: that is worth a line.</summary>
    private static void WriteLearnedFromUser(TextWriter writer, TriageSummary summary)
    {
        if (summary.Learning is { } l && l.Filed + l.Corrected > 0 && LearningLine(summary) is { } learning)
        {
            writer.WriteLine($"  {learning}");
        }
    }

    /// <summary>"LLM decisions by server: a 60, b 40" when more than one server (or a fallback provider) answered.</summary>
    internal static string? ProviderLine(TriageSummary summary) =>
        summary.PerProvider.Count > 1
            ? $"LLM decisions by server: {string.Join(", ", summary.PerProvider.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}"))}"
            : null;

    /// <summary>"learned model learned-model.zip in folder x: learned 2 filings and 1 correction; retrained; saved".</summary>
    internal static string? LearningLine(TriageSummary summary) => summary.Learning is { } l
        ? $"learned model {l.Model}: learned {l.Filed} filing(s) and {l.Corrected} correction(s) from you{(l.Retrains > 0 ? "; retrained" : string.Empty)}{(l.Saved ? "; saved" : string.Empty)}"
        : null;

    private static IEnumerable<(string Name, int Count)> Sources(TriageSummary summary)
    {
        yield return (DecisionSourceNames.Rule, summary.PerSource.GetValueOrDefault(DecisionSource.Rule));
        if (summary.PerSource.GetValueOrDefault(DecisionSource.Learned) is > 0 and var learned)
        {
            yield return (DecisionSourceNames.Learned, learned);
        }

        yield return (DecisionSourceNames.Llm, summary.PerSource.GetValueOrDefault(DecisionSource.Llm));
        yield return (DecisionSourceNames.Fallback, summary.PerSource.GetValueOrDefault(DecisionSource.Fallback));
        yield return (DecisionSourceNames.Failed, summary.PerSource.GetValueOrDefault(DecisionSource.Failed));
        if (summary.LeftForLlm > 0)
        {
            yield return ($"{DecisionSourceNames.Deferred} (waiting for an LLM)", summary.LeftForLlm);
        }
    }
}
