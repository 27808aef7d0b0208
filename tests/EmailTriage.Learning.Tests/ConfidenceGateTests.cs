using EmailTriage.Learning;

namespace EmailTriage.Learning.Tests;

public sealed class ConfidenceGateTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Admitted_held_out_decisions_are_at_least_as_precise_as_the_target(int seed)
    {
        var random = new Random(seed);
        var heldOut = Enumerable.Range(0, 400).Select(_ =>
        {
            var confidence = Math.Round(random.NextDouble(), 2);
            return (Confidence: confidence, Correct: random.NextDouble() < confidence);
        }).ToList();

        var gate = ConfidenceGate.Choose(heldOut, 0.9);

        Assert.NotNull(gate.Threshold);
        var admitted = heldOut.Where(h => gate.Admits(h.Confidence)).ToList();
        Assert.True(admitted.Count(a => a.Correct) >= 0.9 * admitted.Count);
        Assert.Equal((double)admitted.Count / heldOut.Count, gate.Coverage, 9);

        // The lowest such confidence: admitting the next lower one as well would fall below the target.
        var lower = heldOut.Where(h => h.Confidence < gate.Threshold).Select(h => h.Confidence).DefaultIfEmpty(-1).Max();
        var wider = heldOut.Where(h => h.Confidence >= lower).ToList();
        Assert.True(lower < 0 || wider.Count(w => w.Correct) < 0.9 * wider.Count);
    }

    [Fact]
    public void Ties_are_admitted_or_refused_together()
    {
        var heldOut = Enumerable.Repeat((0.9, true), 19).Append((0.8, true)).Append((0.8, false)).Append((0.8, false)).Append((0.8, false)).ToList();

        var gate = ConfidenceGate.Choose(heldOut, 0.9);

        Assert.Equal(0.9, gate.Threshold);
        Assert.False(gate.Admits(0.8));
    }

    [Fact]
    public void Precision_one_never_decides_alone_and_zero_decides_everything()
    {
        var heldOut = Enumerable.Repeat((0.99, true), 50).ToList();

        Assert.Null(ConfidenceGate.Choose(heldOut, 1).Threshold);
        Assert.False(ConfidenceGate.Choose(heldOut, 1).Admits(1));
        Assert.True(ConfidenceGate.Choose(heldOut, 0).Admits(0));
    }

    [Fact]
    public void Too_few_held_out_messages_keep_the_gate_closed_and_say_why()
    {
        var gate = ConfidenceGate.Choose(Enumerable.Repeat((0.99, true), 5).ToList(), 0.95);

        Assert.Null(gate.Threshold);
        Assert.Contains("too few", gate.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_target_no_confidence_reaches_keeps_the_gate_closed()
    {
        var gate = ConfidenceGate.Choose(Enumerable.Repeat((0.99, false), 30).ToList(), 0.95);

        Assert.Null(gate.Threshold);
        Assert.Contains("no confidence reached", gate.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_trained_model_decides_alone_only_above_its_gate()
    {
        var model = LearnedModelTrainer.Train(MadeUpMail.Mailbox(), MadeUpMail.Labels, MadeUpMail.Options(1), TestContext.Current.CancellationToken);

        var prediction = model.Predict(MadeUpMail.Message("g1", "mum@family.example", "Sunday dinner plans", "Grandma and the kids.", day: 60));

        Assert.Equal("Family", prediction.Label);
        Assert.False(prediction.Decided);
    }
}
