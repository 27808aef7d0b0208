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

    /// <summary>The replay's accuracy per tenth, in date order, with a bar a person can read at a glance.</summary>
    public static TextTable? Curve(EvalResult result)
    {
        if (result.Learning is not { Replay: true } learning)
        {
            return null;
        }

        return new TextTable(
            $"Learning curve: replay in date order after training on the oldest {learning.TrainedOn} ({learning.Retrains} retrains)",
            ["messages", "correct", "accuracy", ""],
            [.. learning.Curve.Select(p => (IReadOnlyList<TableCell>)
                [$"{p.From}-{p.To}", p.Correct.ToString(), Percent(p.Accuracy), new string('#', (int)Math.Round(p.Accuracy * 30))])])
        {
            TextColumns = 1,
        };
    }
}
