using EmailTriage.Classification;
using EmailTriage.Labels;

namespace EmailTriage.Evaluation;

/// <summary>Computes the figures of an evaluation from its outcomes; pure, so every figure can be checked by hand.</summary>
internal static class EvalMetrics
{
    public static EvalScores Compute(IReadOnlyList<EvalOutcome> outcomes, LabelConfig labels, LlmUsage usage, TokenPrice? price)
    {
        var count = outcomes.Count;
        var truth = Tally(outcomes.Select(o => o.Truth));
        var answered = Tally(outcomes.Where(o => o.Answer is not null).Select(o => o.Answer!));
        var correct = Tally(outcomes.Where(o => o.IsCorrect).Select(o => o.Truth));

        var scores = labels.AllNames
            .Where(name => truth.ContainsKey(name) || answered.ContainsKey(name))
            .Select(name => new LabelScore(name, truth.GetValueOrDefault(name), answered.GetValueOrDefault(name), correct.GetValueOrDefault(name)))
            .ToList();
        var withTruth = scores.Where(s => s.Truth > 0).ToList();
        var durations = outcomes.SelectMany(o => o.LlmCallDurations).ToList();
        var bySource = Tally(outcomes.Select(o => o.Source));

        var decided = outcomes.Count(o => o.Decided);
        var guessed = outcomes.Where(o => o.Guess is not null).ToList();
        var guessedRight = guessed.Count(o => string.Equals(o.Guess, o.Truth, StringComparison.OrdinalIgnoreCase));
        return new EvalScores
        {
            Messages = count,
            Decided = decided,
            Correct = correct.Values.Sum(),
            AccuracyWhereDecided = Share(correct.Values.Sum(), decided),
            Coverage = Share(decided, count),
            AccuracyOverAll = Share(correct.Values.Sum(), count),
            Guessed = guessed.Count,
            GuessedRight = guessedRight,
            LearnedAccuracyDecidingAll = Share(guessedRight, guessed.Count),
            MacroF1 = withTruth.Count == 0 ? null : withTruth.Average(s => s.F1!.Value),
            Labels = scores,
            Confusion = Confusion(outcomes, labels, truth, answered),
            Sources = outcomes.GroupBy(o => o.Source, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => new SourceScore(g.Count(), g.Count(o => o.IsCorrect)) { Labels = !Unlabelled(g.Key) }, StringComparer.Ordinal),
            LlmShare = Share(outcomes.Count(o => o.AskedLlm), count),
            Undecided = bySource.GetValueOrDefault(DecisionSourceNames.Deferred),
            DecidedByRules = bySource.GetValueOrDefault(DecisionSourceNames.Rule),
            RuleShare = Share(bySource.GetValueOrDefault(DecisionSourceNames.Rule), count),
            Fallbacks = bySource.GetValueOrDefault(DecisionSourceNames.Fallback),
            FallbackRate = Share(bySource.GetValueOrDefault(DecisionSourceNames.Fallback), count),
            Failures = bySource.GetValueOrDefault(DecisionSourceNames.Failed),
            FailureRate = Share(bySource.GetValueOrDefault(DecisionSourceNames.Failed), count),
            LlmCalls = usage.Calls,
            LlmCallsPerMessage = Share(usage.Calls, count),
            PromptTokens = usage.PromptTokens,
            CompletionTokens = usage.CompletionTokens,
            EstimatedTokenCalls = usage.EstimatedCalls,
            PromptTokensPerMessage = Share(usage.PromptTokens, count),
            CompletionTokensPerMessage = Share(usage.CompletionTokens, count),
            LatencyP50Ms = Percentile.NearestRank(durations, 50)?.TotalMilliseconds,
            LatencyP95Ms = Percentile.NearestRank(durations, 95)?.TotalMilliseconds,
            CostPer1000Messages = price is { } p && count > 0 ? p.Cost(usage.PromptTokens, usage.CompletionTokens) / count * 1000 : null,
        };
    }

    private static ConfusionMatrix Confusion(IReadOnlyList<EvalOutcome> outcomes, LabelConfig labels, Dictionary<string, int> truth, Dictionary<string, int> answered)
    {
        var rows = labels.AllNames.Where(truth.ContainsKey).ToList();
        var columns = labels.AllNames
            .Where(name => truth.ContainsKey(name) || answered.ContainsKey(name) || string.Equals(name, labels.Fallback, StringComparison.OrdinalIgnoreCase))
            .Append(ConfusionMatrix.None)
            .ToList();
        var counts = rows.Select(_ => new int[columns.Count]).ToList();
        foreach (var outcome in outcomes)
        {
            var row = rows.FindIndex(r => Same(r, outcome.Truth));
            var column = outcome.Answer is null ? columns.Count - 1 : columns.FindIndex(c => Same(c, outcome.Answer));
            if (row < 0 || column < 0)
            {
                throw new ArgumentException($"Message {outcome.Id}: '{(row < 0 ? outcome.Truth : outcome.Answer)}' is not a label in {labels.SourcePath}.", nameof(outcomes));
            }

            counts[row][column]++;
        }

        return new ConfusionMatrix(rows, columns, counts);
    }

    private static Dictionary<string, int> Tally(IEnumerable<string> names)
    {
        var tally = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in names)
        {
            tally[name] = tally.GetValueOrDefault(name) + 1;
        }

        return tally;
    }

    private static bool Unlabelled(string source) =>
        source is DecisionSourceNames.Deferred or DecisionSourceNames.Failed;

    private static double? Share(double part, int whole) => whole == 0 ? null : part / whole;

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
