using EmailTriage.Evaluation;
using static EmailTriage.Cli.Evaluation.EvalFormat;

namespace EmailTriage.Cli.Evaluation;

/// <summary>The tables of eval's per-source figures and, for a learned model, its training and replay curve.</summary>
internal static class EvalLearningTables
{
    public static TextTable PerSource(EvalResult result)
    {
        var s = result.Scores;
        return new TextTable(
            $"Per source (LLM asked for {Percent(s.LlmShare)} of messages)",
            ["source", "messages", "share", "correct", "accuracy"],
            [.. result.Sources.Select(p => (IReadOnlyList<TableCell>)
                [p.Key, p.Value.Count.ToString(), Percent(s.Messages == 0 ? null : (double)p.Value.Count / s.Messages), p.Value.Correct.ToString(), Percent(p.Value.Accuracy)])]);
    }

    /// <summary>
    /// The replay per tenth, in date order: how much was given a label (coverage), how much of that was right, and the
    /// learned model deciding everything; the bar is the accuracy where decided.
    /// </summary>
    public static TextTable? Curve(EvalResult result)
    {
        if (result.Learning is not { Replay: true } learning)
        {
            return null;
        }

        return new TextTable(
            $"Learning curve: replay in date order after training on the oldest {learning.TrainedOn} ({learning.Retrains} retrains)",
            ["messages", "given a label", "coverage", "right", "accuracy where decided", "learned deciding everything", ""],
            [.. learning.Curve.Select(p => (IReadOnlyList<TableCell>)
                [
                    $"{p.From}-{p.To}", p.Decided.ToString(), Percent(p.Coverage), p.Correct.ToString(), Percent(p.AccuracyWhereDecided),
                    Percent(p.LearnedAccuracyDecidingAll), new string('#', (int)Math.Round((p.AccuracyWhereDecided ?? 0) * 30)),
                ])])
        {
            TextColumns = 1,
        };
    }

    /// <summary>What the measurement let the model learn, and the labels that ended it unable to decide alone.</summary>
    public static TextTable? Measured(EvalResult result)
    {
        if (result.Learning is not { } learning || learning.Measured.Length == 0)
        {
            return null;
        }

        var closed = learning.LabelStatus.Where(l => !l.MayDecideAlone && l.Examples > 0).ToList();
        var end = closed.Count == 0
            ? "at the end every label with filed mail may decide alone"
            : $"at the end {closed.Count} label(s) with filed mail may not decide alone";
        // With no label to name, the title says it all: no empty table under it.
        return new TextTable(
            $"Learned model, {learning.Measured}; {end}",
            closed.Count == 0 ? [] : ["label", "why not alone", "examples", "live precision"],
            [.. closed.Select(l => (IReadOnlyList<TableCell>)
                [l.Label, l.Because ?? string.Empty, l.Examples.ToString(), l.Judged == 0 ? Missing : $"{Percent(l.LivePrecision)} ({l.Right} of {l.Judged})"])])
        {
            TextColumns = 2,
        };
    }
}
