using EmailTriage.Core.Tests.Support;
using EmailTriage.Evaluation;
using EmailTriage.Filing;
using Microsoft.Extensions.DependencyInjection;

namespace EmailTriage.Core.Tests.Evaluation;

/// <summary>Eval with a learned model and no LLM: the learned split by Date, the replay, and what they report.</summary>
public sealed class EvalLearningTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Eml Mail(int day, string sender, string subject) =>
        new() { From = sender, Subject = subject, Date = $"{day:00} Nov 2026 10:00:00 +0000" };

    private static (EvalHarness Harness, SenderFilingModels Models, List<IReadOnlyList<FiledMessage>> Trained) Harness()
    {
        var trained = new List<IReadOnlyList<FiledMessage>>();
        var models = new SenderFilingModels
        {
            Trainer = mail =>
            {
                trained.Add(mail);
                var model = new SenderFilingModel(TestLabels.Standard.AllNames) { RetrainEvery = 2 };
                foreach (var filing in mail)
                {
                    model.Learn(filing);
                }

                return model;
            },
        };
        return (new EvalHarness(llmBaseUrl: null, s => s.AddSingleton<IFilingModels>(models)), models, trained);
    }

    // File names run against the dates, so an order by name would train on the wrong part.
    private static void AddSet(EvalHarness harness)
    {
        harness.Add("Work/a10.eml", Mail(1, "ana@home.example", "Plan"));
        harness.Add("Work/a09.eml", Mail(3, "ana@home.example", "Plan 2"));
        harness.Add("Newsletters/a08.eml", Mail(2, "news@paper.example", "Issue 1"));
        harness.Add("Newsletters/a07.eml", Mail(4, "news@paper.example", "Issue 2"));
        harness.Add("Work/a06.eml", Mail(5, "ana@home.example", "Plan 3"));
        harness.Add("Newsletters/a05.eml", Mail(6, "news@paper.example", "Issue 3"));
        harness.Add("Work/a04.eml", Mail(7, "ana@home.example", "Plan 4"));
        harness.Add("Newsletters/a03.eml", Mail(8, "news@paper.example", "Issue 4"));
        harness.Add("Work/a02.eml", Mail(9, "carla@studio.example", "Sketch"));
        harness.Add("Work/a01.eml", Mail(10, "carla@studio.example", "Sketch 2"));
    }

    [Fact]
    public async Task A_learned_split_trains_on_the_oldest_share_by_date_and_counts_what_the_model_leaves_undecided()
    {
        var (harness, _, trained) = Harness();
        using var _ = harness;
        AddSet(harness);

        var run = await harness.Runner.RunAsync(await harness.LoadAsync(), new EvalLearning(0.6, Replay: false, null), null, Ct);
        var result = EvalResult.From(run, price: null);

        Assert.Equal(["Plan", "Issue 1", "Plan 2", "Issue 2", "Plan 3", "Issue 3"], Assert.Single(trained).Select(f => f.Message.Subject));
        Assert.Equal(["Newsletters/a03.eml", "Work/a01.eml", "Work/a02.eml", "Work/a04.eml"], run.Outcomes.Select(o => o.Id));
        Assert.Equal(new SourceScore(2, 2), result.Sources["learned"]);
        Assert.Equal(new SourceScore(2, 0) { Labels = false }, result.Sources["deferred"]);
        Assert.Null(result.Sources["deferred"].Accuracy);
        Assert.Equal((1.0, 0.5, 0.5), (result.Scores.AccuracyWhereDecided, result.Scores.Coverage, result.Scores.AccuracyOverAll));
        Assert.Equal((2, 0.0), (result.Scores.Undecided, result.Scores.LlmShare!.Value));
        Assert.Equal((0.6, 6, false), (result.Learning!.Split!.Value, result.Learning.TrainedOn, result.Learning.Replay));
        Assert.StartsWith("static: the model as trained, learning nothing while measured", result.Learning.Measured, StringComparison.Ordinal);
        Assert.Equal("none (no LLM configured)", run.Model);
    }

    [Fact]
    public async Task A_replay_reveals_each_truth_after_its_decision_so_a_new_sender_is_decided_from_its_second_message()
    {
        var (harness, _, _) = Harness();
        using var _ = harness;
        AddSet(harness);

        var run = await harness.Runner.RunAsync(await harness.LoadAsync(), new EvalLearning(0.6, Replay: true, null), null, Ct);

        Assert.Equal(
            [("Work/a04.eml", "learned"), ("Newsletters/a03.eml", "learned"), ("Work/a02.eml", "deferred"), ("Work/a01.eml", "learned")],
            run.Outcomes.Select(o => (o.Id, o.Source)));
        Assert.True(run.Outcomes[3].IsCorrect);
    }

    [Fact]
    public async Task The_curve_covers_the_replay_in_order_and_agrees_with_the_totals()
    {
        var (harness, _, _) = Harness();
        using var _ = harness;
        AddSet(harness);

        var result = EvalResult.From(await harness.Runner.RunAsync(await harness.LoadAsync(), new EvalLearning(0.6, Replay: true, null), null, Ct), price: null);

        var curve = result.Learning!.Curve;
        Assert.Equal(4, curve.Count);
        Assert.Equal(Enumerable.Range(1, 4), curve.Select(p => p.From));
        Assert.Equal(result.Scores.Correct, curve.Sum(p => p.Correct));
        Assert.Equal(result.Scores.Messages, curve.Sum(p => p.Messages));

        // The third message waits for an LLM: it lowers the coverage, never the accuracy of what was decided.
        Assert.Equal([1.0, 1.0, null, 1.0], curve.Select(p => p.AccuracyWhereDecided));
        Assert.Equal([1.0, 1.0, 0.0, 1.0], curve.Select(p => p.Coverage));
        Assert.Equal(result.Scores.GuessedRight, curve.Sum(p => p.GuessedRight));
        Assert.StartsWith("replay: ", result.Learning.Measured, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_replay_retrains_when_the_cadence_says_and_never_twice_for_one_message()
    {
        var (harness, _, _) = Harness();
        using var _ = harness;
        AddSet(harness);

        // The model retrains every 2 new filings, at most once per run: the 6 trained filings are due at the first
        // replayed message (one retrain, not three); after it only carla's first message is new.
        var result = EvalResult.From(await harness.Runner.RunAsync(await harness.LoadAsync(), new EvalLearning(0.6, Replay: true, null), null, Ct), price: null);

        Assert.Equal(1, result.Learning!.Retrains);
    }

    [Fact]
    public void A_curve_has_ten_parts_for_a_long_replay_and_loses_no_message()
    {
        var outcomes = Enumerable.Range(0, 23).Select(i => new EvalOutcome($"m{i}", "", "", "Work", i % 3 == 0 ? "Work" : "Finance", "learned", "")).ToList();

        var curve = EvalReplay.Curve(outcomes);

        Assert.Equal(10, curve.Count);
        Assert.Equal(23, curve.Sum(p => p.Messages));
        Assert.Equal(outcomes.Count(o => o.IsCorrect), curve.Sum(p => p.Correct));
        Assert.Equal(23, curve[^1].To);
    }
}
