using EmailTriage.Evaluation;
using static EmailTriage.Cli.Evaluation.EvalFormat;

namespace EmailTriage.Cli.Evaluation;

/// <summary>The tables <c>eval</c> prints: figures, per-label scores, the confusion matrix, mistakes, and a side-by-side comparison.</summary>
internal static class EvalTables
{
    private const int MistakesShown = 20;

    public static string Heading(EvalResult result) =>
        $"Evaluation of {SetDescription(result)}\n  model {result.Model} at {result.Endpoint}, labels {result.LabelFile}";

    /// <summary>"labelled folder X: 20 messages (a sample of 36, seed 42)".</summary>
    public static string SetDescription(EvalResult result)
    {
        var sample = result.Sample is null || result.Scores.Messages == result.Available
            ? string.Empty
            : $" (a sample of {result.Available}, seed {result.Seed})";
        return $"{result.Mailbox}: {result.Scores.Messages} messages{sample}";
    }

    public static TextTable Figures(EvalResult result)
    {
        var s = result.Scores;
        return new TextTable("Scores", ["figure", "value"],
        [
            ["accuracy where decided", $"{Percent(s.AccuracyWhereDecided)} ({Count(s.Correct, s.Decided)} given a label)"],
            ["coverage", $"{Percent(s.Coverage)} ({Count(s.Decided, s.Messages)} given a label)"],
            ["accuracy over all mail", $"{Percent(s.AccuracyOverAll)} ({Count(s.Correct, s.Messages)})"],
            .. LearnedRows(s),
            ["macro F1", Ratio(s.MacroF1)],
            ["decided by rules", $"{Percent(s.RuleShare)} ({s.DecidedByRules})"],
            ["fallback label", $"{Percent(s.FallbackRate)} ({s.Fallbacks})"],
            ["failed (no label)", $"{Percent(s.FailureRate)} ({s.Failures})"],
            ["LLM calls", $"{s.LlmCalls} ({TwoDecimals(s.LlmCallsPerMessage)} per message)"],
            ["prompt tokens per message", Decimal(s.PromptTokensPerMessage) + Estimated(s)],
            ["completion tokens per message", Decimal(s.CompletionTokensPerMessage) + Estimated(s)],
            ["latency per call p50 / p95", $"{Milliseconds(s.LatencyP50Ms)} / {Milliseconds(s.LatencyP95Ms)}"],
            ["cost per 1,000 messages", Cost(result)],
            ["time", Seconds(result.ElapsedSeconds)],
            .. PerProvider(result),
        ])
        {
            TextColumns = 2,
        };
    }

    // Only when a learned model was asked: how its best label did on every message, decided alone or not.
    private static IEnumerable<IReadOnlyList<TableCell>> LearnedRows(EvalScores s) =>
        s.Guessed == 0
            ? []
            : [["learned model deciding everything", $"{Percent(s.LearnedAccuracyDecidingAll)} ({Count(s.GuessedRight, s.Guessed)} it was asked about)"]];

    // Several servers or a fallback provider: which one decided how many.
    private static IEnumerable<IReadOnlyList<TableCell>> PerProvider(EvalResult result) =>
        result.PerProvider.Count > 1
            ? [["LLM decisions per server", string.Join(", ", result.PerProvider.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}"))]]
            : [];

    public static TextTable PerLabel(EvalResult result) => new(
        "Per label",
        ["label", "truth", "answered", "correct", "precision", "recall", "F1"],
        [.. result.Scores.Labels.Select(l => (IReadOnlyList<TableCell>)
            [l.Label, l.Truth.ToString(), l.Answered.ToString(), l.Correct.ToString(), Ratio(l.Precision), Ratio(l.Recall), Ratio(l.F1)])]);

    public static TextTable Confusion(EvalResult result)
    {
        var matrix = result.Scores.Confusion;
        return new TextTable(
            "Confusion matrix (rows: truth, columns: answer)",
            ["truth \\ answer", .. matrix.Answers],
            [.. matrix.Truths.Select((truth, row) => (IReadOnlyList<TableCell>)
                [truth, .. matrix.Counts[row].Select((count, column) => Cell(count, string.Equals(truth, matrix.Answers[column], StringComparison.OrdinalIgnoreCase)))])]);
    }

    public static TextTable? Mistakes(EvalResult result)
    {
        if (result.Misclassified.Count == 0)
        {
            return null;
        }

        var more = result.Misclassified.Count > MistakesShown ? $", first {MistakesShown}; --report lists all" : string.Empty;
        return new TextTable(
            $"Misclassified ({result.Misclassified.Count}{more})",
            ["message", "truth", "answer", "source", "subject"],
            [.. result.Misclassified.Take(MistakesShown).Select(m => (IReadOnlyList<TableCell>)
                [m.Id, m.Truth, m.Answer ?? ConfusionMatrix.None, m.Source, Shorten(m.Subject)])])
        {
            TextColumns = 5,
        };
    }

    public static TextTable Comparison(IReadOnlyList<(string Name, EvalResult Result)> results)
    {
        var (firstName, first) = results[0];
        var (secondName, second) = results[1];
        var a = first.Scores;
        var b = second.Scores;
        List<IReadOnlyList<TableCell>> rows =
        [
            ["model", first.Model, second.Model, string.Empty],
            ["label file", Path.GetFileName(first.LabelFile), Path.GetFileName(second.LabelFile), string.Empty],
            ["accuracy where decided", Percent(a.AccuracyWhereDecided), Percent(b.AccuracyWhereDecided), PointsDelta(a.AccuracyWhereDecided, b.AccuracyWhereDecided)],
            ["coverage", Percent(a.Coverage), Percent(b.Coverage), PointsDelta(a.Coverage, b.Coverage)],
            ["accuracy over all mail", Percent(a.AccuracyOverAll), Percent(b.AccuracyOverAll), PointsDelta(a.AccuracyOverAll, b.AccuracyOverAll)],
            ["macro F1", Ratio(a.MacroF1), Ratio(b.MacroF1), Delta(a.MacroF1, b.MacroF1, Ratio)],
        ];
        foreach (var label in a.Labels.Select(l => l.Label).Union(b.Labels.Select(l => l.Label), StringComparer.OrdinalIgnoreCase))
        {
            var before = a.Labels.FirstOrDefault(l => Same(l.Label, label))?.F1;
            var after = b.Labels.FirstOrDefault(l => Same(l.Label, label))?.F1;
            rows.Add([$"F1 {label}", Ratio(before), Ratio(after), Delta(before, after, Ratio)]);
        }

        rows.AddRange(
        [
            ["decided by rules", Percent(a.RuleShare), Percent(b.RuleShare), PointsDelta(a.RuleShare, b.RuleShare)],
            ["fallback label", Percent(a.FallbackRate), Percent(b.FallbackRate), PointsDelta(a.FallbackRate, b.FallbackRate)],
            ["failed (no label)", Percent(a.FailureRate), Percent(b.FailureRate), PointsDelta(a.FailureRate, b.FailureRate)],
            ["LLM calls per message", TwoDecimals(a.LlmCallsPerMessage), TwoDecimals(b.LlmCallsPerMessage), Delta(a.LlmCallsPerMessage, b.LlmCallsPerMessage, TwoDecimals)],
            ["prompt tokens per message", Decimal(a.PromptTokensPerMessage), Decimal(b.PromptTokensPerMessage), Delta(a.PromptTokensPerMessage, b.PromptTokensPerMessage, Decimal)],
            ["completion tokens per message", Decimal(a.CompletionTokensPerMessage), Decimal(b.CompletionTokensPerMessage), Delta(a.CompletionTokensPerMessage, b.CompletionTokensPerMessage, Decimal)],
            ["latency per call p50", Milliseconds(a.LatencyP50Ms), Milliseconds(b.LatencyP50Ms), Delta(a.LatencyP50Ms, b.LatencyP50Ms, Milliseconds)],
            ["latency per call p95", Milliseconds(a.LatencyP95Ms), Milliseconds(b.LatencyP95Ms), Delta(a.LatencyP95Ms, b.LatencyP95Ms, Milliseconds)],
            ["cost per 1,000 messages", Dollars(a.CostPer1000Messages), Dollars(b.CostPer1000Messages), Delta(a.CostPer1000Messages, b.CostPer1000Messages, Dollars)],
            ["time", Seconds(first.ElapsedSeconds), Seconds(second.ElapsedSeconds), Delta(first.ElapsedSeconds, second.ElapsedSeconds, v => Seconds(v!.Value))],
        ]);
        return new TextTable($"Comparison on the same {a.Messages} messages", ["figure", firstName, secondName, "change"], rows);
    }

    private static string Cost(EvalResult result) =>
        result.Price is null
            ? $"{Missing} (set {TokenPrice.SettingName}=input/output dollars per million tokens)"
            : $"{Dollars(result.Scores.CostPer1000Messages)} at {result.Price} $/Mtok{Estimated(result.Scores)}";

    // A server that sent no usage: our tokenizer counted instead, and the figure says so.
    private static string Estimated(EvalScores scores) =>
        scores.EstimatedTokenCalls > 0 ? $" (estimated for {scores.EstimatedTokenCalls} of {scores.LlmCalls} calls)" : string.Empty;

    private static TableCell Cell(int count, bool diagonal) =>
        new(count.ToString(), count == 0 ? CellTone.Faint : diagonal ? CellTone.Good : CellTone.Bad);

    private static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length > 60 ? line[..60] + "…" : line;
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
