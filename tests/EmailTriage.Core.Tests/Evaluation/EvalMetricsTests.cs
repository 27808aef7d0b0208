using EmailTriage.Classification;
using EmailTriage.Core.Tests.Support;
using EmailTriage.Evaluation;

namespace EmailTriage.Core.Tests.Evaluation;

/// <summary>Every figure checked against a case computed by hand; labels: Work, Finance, Newsletters, fallback Review.</summary>
public sealed class EvalMetricsTests
{
    // Work: 5 truth, answered 5 times (3 right). Finance: 3 truth, answered 3 times (2 right).
    // Newsletters: 2 truth, never answered. Review: no truth, answered once (the fallback).
    private static readonly IReadOnlyList<EvalOutcome> Outcomes =
    [
        Outcome("01", "Work", "Work", "llm", 100),
        Outcome("02", "Work", "Work", "llm", 200),
        Outcome("03", "Work", "Finance", "llm", 300),
        Outcome("04", "Work", null, "failed"),
        Outcome("05", "Finance", "Finance", "rule"),
        Outcome("06", "Finance", "Finance", "llm", 400),
        Outcome("07", "Finance", "Review", "fallback", 200, 900),
        Outcome("08", "Newsletters", "Work", "llm", 500),
        Outcome("09", "Newsletters", "Work", "llm", 100),
        Outcome("10", "Work", "Work", "rule"),
    ];

    private static readonly LlmUsage Usage = new(Calls: 8, PromptTokens: 3000, CompletionTokens: 40);

    private static EvalOutcome Outcome(string id, string truth, string? answer, string source, params int[] milliseconds) =>
        new($"{truth}/{id}.eml", "someone@example.com", $"Subject {id}", truth, answer, source, "reason")
        {
            LlmCallDurations = [.. milliseconds.Select(ms => TimeSpan.FromMilliseconds(ms))],
        };

    private static EvalScores Compute(TokenPrice? price = null) => EvalMetrics.Compute(Outcomes, TestLabels.Standard, Usage, price);

    [Fact]
    public void Accuracy_over_all_mail_is_the_share_of_messages_given_their_truth()
    {
        var scores = Compute();

        Assert.Equal(10, scores.Messages);
        Assert.Equal(5, scores.Correct);
        Assert.Equal(0.5, scores.AccuracyOverAll);
    }

    [Fact]
    public void Accuracy_where_decided_counts_only_messages_given_a_label_and_coverage_says_how_many()
    {
        // 9 of the 10 got a label (04 failed), 5 of those are right.
        var scores = Compute();

        Assert.Equal(9, scores.Decided);
        Assert.Equal(5.0 / 9, scores.AccuracyWhereDecided!.Value, 12);
        Assert.Equal(0.9, scores.Coverage!.Value, 12);
    }

    [Fact]
    public void Deferred_mail_is_never_wrong_only_undecided()
    {
        // The newcomer's case: a model right 3 times of the 3 it decided, 5 messages left for an LLM that is not configured.
        EvalOutcome[] outcomes =
        [
            .. Enumerable.Range(0, 3).Select(i => new EvalOutcome($"Work/{i}.eml", "", "", "Work", "Work", "learned", "learned: model") { Guess = "Work" }),
            .. Enumerable.Range(3, 5).Select(i => new EvalOutcome($"Work/{i}.eml", "", "", "Work", null, "deferred", "left for an LLM") { Guess = i < 5 ? "Work" : "Finance" }),
        ];

        var result = EvalResult.From(new EvalRun(new EvalSet("set", [], 8, null, 42), TestLabels.Standard, "none", "none", outcomes, new global::EmailTriage.Triage.TriageTally(dryRun: true).ToSummary("set", 8, TimeSpan.Zero, null)), price: null);
        var scores = result.Scores;

        Assert.Equal((1.0, 3.0 / 8, 3.0 / 8), (scores.AccuracyWhereDecided, scores.Coverage, scores.AccuracyOverAll));
        Assert.Null(result.Sources["deferred"].Accuracy);
        Assert.Equal(1.0, result.Sources["learned"].Accuracy);
        Assert.Empty(result.Misclassified);
        Assert.Equal((8, 5, 5.0 / 8), (scores.Guessed, scores.GuessedRight, scores.LearnedAccuracyDecidingAll));
    }

    [Fact]
    public void Without_a_learned_model_there_is_no_accuracy_deciding_everything()
    {
        var scores = Compute();

        Assert.Equal(0, scores.Guessed);
        Assert.Null(scores.LearnedAccuracyDecidingAll);
    }

    [Fact]
    public void Per_label_precision_recall_and_f1_match_the_hand_computed_case()
    {
        var labels = Compute().Labels;

        Assert.Equal(["Work", "Finance", "Newsletters", "Review"], labels.Select(l => l.Label));
        Assert.Equal(new LabelScore("Work", Truth: 5, Answered: 5, Correct: 3), labels[0]);
        AssertScores(labels[0], precision: 0.6, recall: 0.6, f1: 0.6);
        Assert.Equal(new LabelScore("Finance", Truth: 3, Answered: 3, Correct: 2), labels[1]);
        AssertScores(labels[1], precision: 2.0 / 3, recall: 2.0 / 3, f1: 2.0 / 3);
    }

    [Fact]
    public void A_label_never_answered_has_no_precision_and_zero_recall_and_f1()
    {
        var newsletters = Compute().Labels.Single(l => l.Label == "Newsletters");

        Assert.Equal((2, 0, 0), (newsletters.Truth, newsletters.Answered, newsletters.Correct));
        Assert.Null(newsletters.Precision);
        Assert.Equal(0, newsletters.Recall);
        Assert.Equal(0, newsletters.F1);
    }

    [Fact]
    public void A_label_with_no_truth_has_no_recall_and_zero_precision_and_f1()
    {
        var review = Compute().Labels.Single(l => l.Label == "Review");

        Assert.Equal((0, 1, 0), (review.Truth, review.Answered, review.Correct));
        Assert.Equal(0, review.Precision);
        Assert.Null(review.Recall);
        Assert.Equal(0, review.F1);
    }

    [Fact]
    public void Macro_f1_averages_the_labels_that_have_truth()
    {
        // Work 0.6, Finance 2/3, Newsletters 0; Review has no truth and is left out.
        Assert.Equal((0.6 + (2.0 / 3) + 0) / 3, Compute().MacroF1!.Value, 12);
    }

    [Fact]
    public void Confusion_matrix_has_truth_rows_and_answer_columns_with_every_truth_the_fallback_and_none()
    {
        var matrix = Compute().Confusion;

        Assert.Equal(["Work", "Finance", "Newsletters"], matrix.Truths);
        Assert.Equal(["Work", "Finance", "Newsletters", "Review", ConfusionMatrix.None], matrix.Answers);
        Assert.Equal([3, 1, 0, 0, 1], matrix.Counts[0]);
        Assert.Equal([0, 2, 0, 1, 0], matrix.Counts[1]);
        Assert.Equal([2, 0, 0, 0, 0], matrix.Counts[2]);
        Assert.Equal(1, matrix.Count("work", "(none)"));
        Assert.Equal(5, matrix.RowTotal("Work"));
    }

    [Fact]
    public void Rates_of_rules_fallback_and_failures_are_shares_of_all_messages()
    {
        var scores = Compute();

        Assert.Equal((2, 0.2), (scores.DecidedByRules, scores.RuleShare!.Value));
        Assert.Equal((1, 0.1), (scores.Fallbacks, scores.FallbackRate!.Value));
        Assert.Equal((1, 0.1), (scores.Failures, scores.FailureRate!.Value));
    }

    [Fact]
    public void Calls_and_tokens_are_per_message_including_those_the_rules_decided_for_free()
    {
        var scores = Compute();

        Assert.Equal((8, 0.8), (scores.LlmCalls, scores.LlmCallsPerMessage!.Value));
        Assert.Equal((3000L, 40L), (scores.PromptTokens, scores.CompletionTokens));
        Assert.Equal(300, scores.PromptTokensPerMessage);
        Assert.Equal(4, scores.CompletionTokensPerMessage);
    }

    [Fact]
    public void Latency_percentiles_are_nearest_rank_over_every_call_with_ties()
    {
        // Calls, sorted: 100 100 200 200 300 400 500 900. p50: rank 4 -> 200. p95: rank ceil(7.6) = 8 -> 900.
        var scores = Compute();

        Assert.Equal(200, scores.LatencyP50Ms);
        Assert.Equal(900, scores.LatencyP95Ms);
    }

    [Fact]
    public void Cost_per_thousand_messages_uses_input_and_output_prices()
    {
        // (3000 x 0.18 + 40 x 0.60) / 1e6 = $0.000564 for 10 messages, so $0.0564 per 1,000.
        var scores = Compute(new TokenPrice(0.18, 0.60));

        Assert.Equal(0.0564, scores.CostPer1000Messages!.Value, 12);
        Assert.Null(Compute().CostPer1000Messages);
    }

    [Fact]
    public void Labels_match_whatever_their_case()
    {
        EvalOutcome[] outcomes = [new("a", "", "", "Work", "work", "llm", "r")];

        var scores = EvalMetrics.Compute(outcomes, TestLabels.Standard, default, null);

        Assert.Equal(1.0, scores.AccuracyOverAll);
        Assert.Equal(1, scores.Confusion.Count("Work", "Work"));
    }

    [Fact]
    public void Empty_input_has_no_figures_rather_than_nan()
    {
        var scores = EvalMetrics.Compute([], TestLabels.Standard, default, new TokenPrice(1, 1));

        Assert.Equal(0, scores.Messages);
        Assert.Null(scores.AccuracyOverAll);
        Assert.Null(scores.AccuracyWhereDecided);
        Assert.Null(scores.Coverage);
        Assert.Null(scores.MacroF1);
        Assert.Empty(scores.Labels);
        Assert.Empty(scores.Confusion.Truths);
        Assert.Equal(["Review", ConfusionMatrix.None], scores.Confusion.Answers);
        Assert.Null(scores.RuleShare);
        Assert.Null(scores.FallbackRate);
        Assert.Null(scores.FailureRate);
        Assert.Null(scores.PromptTokensPerMessage);
        Assert.Null(scores.LatencyP50Ms);
        Assert.Null(scores.CostPer1000Messages);
    }

    [Fact]
    public void An_outcome_outside_the_label_file_is_refused()
    {
        EvalOutcome[] outcomes = [new("a", "", "", "Holidays", "Work", "llm", "r")];

        var error = Assert.Throws<ArgumentException>(() => EvalMetrics.Compute(outcomes, TestLabels.Standard, default, null));

        Assert.Contains("'Holidays'", error.Message, StringComparison.Ordinal);
    }

    private static void AssertScores(LabelScore score, double precision, double recall, double f1)
    {
        Assert.Equal(precision, score.Precision!.Value, 12);
        Assert.Equal(recall, score.Recall!.Value, 12);
        Assert.Equal(f1, score.F1!.Value, 12);
    }
}
