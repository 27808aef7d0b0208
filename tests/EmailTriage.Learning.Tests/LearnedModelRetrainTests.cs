using EmailTriage.Learning;

namespace EmailTriage.Learning.Tests;

public sealed class LearnedModelRetrainTests
{
    private static readonly string[] WithTravel = [.. MadeUpMail.Labels, "Travel"];

    [Fact]
    public void Retraining_drops_removed_labels_and_learns_a_new_label_filed_twice()
    {
        var model = LearnedModelTrainer.Train(MadeUpMail.Mailbox(), WithTravel, MadeUpMail.Options(target: 0), TestContext.Current.CancellationToken);
        Assert.Empty(model.LabelsWithoutModel);

        model.Remember(MadeUpMail.Message("t1", "bookings@airline.example", "Your flight to Lisbon", "Boarding pass, seat 12A, gate closes 30 minutes before departure.", day: 50), "Travel");
        Assert.Empty(model.LabelsWithoutModel);
        model.Remember(MadeUpMail.Message("t2", "bookings@airline.example", "Your flight to Porto", "Boarding pass, seat 3C, gate closes 30 minutes before departure.", day: 51), "Travel");
        Assert.Equal(["Travel"], model.LabelsWithoutModel);

        string[] labels = ["Work", "Family", "Travel"];
        var retrained = model.Retrain(labels, MadeUpMail.Options(target: 0), TestContext.Current.CancellationToken);

        Assert.Equal(labels, retrained.LabelSet.Labels);
        Assert.Equal(32, retrained.Examples);
        Assert.Equal(0, retrained.PendingExamples);
        Assert.Empty(retrained.LabelsWithoutModel);
        Assert.Equal(2, retrained.Report.MessagesPerLabel["Travel"]);
        var similar = MadeUpMail.Message("t3", "checkin@airline.example", "Flight to Madrid", "Your boarding pass: seat 7F, gate closes before departure.", day: 52);
        Assert.Equal("Travel", retrained.Predict(similar).Label);
        Assert.DoesNotContain(retrained.Predict(MadeUpMail.Message("n99", "digest@news.example", "Weekly digest issue 99", "Top stories.", day: 52)).Top, t => t.Label == "Newsletters");
    }

    [Fact]
    public void Retraining_keeps_a_correction_a_correction()
    {
        var model = LearnedModelTrainer.Train(MadeUpMail.Mailbox(), MadeUpMail.Labels, MadeUpMail.Options(), TestContext.Current.CancellationToken);
        model.Correct(MadeUpMail.Message("c1", "digest@news.example", "Weekly digest issue 20", "Top stories this week.", day: 50), "Work");

        var retrained = model.Retrain(MadeUpMail.Labels, MadeUpMail.Options(), TestContext.Current.CancellationToken);
        var next = retrained.Predict(MadeUpMail.Message("c2", "digest@news.example", "Weekly digest issue 21", "Top stories this week.", day: 57));

        Assert.Equal("Work", next.Label);
        Assert.Equal(LearnedEvidence.Correction, next.Evidence);
        Assert.Equal(0, retrained.PendingCorrections);
    }

    [Fact]
    public void The_original_model_is_left_as_it_was()
    {
        var model = LearnedModelTrainer.Train(MadeUpMail.Mailbox(), MadeUpMail.Labels, MadeUpMail.Options(), TestContext.Current.CancellationToken);
        model.Remember(MadeUpMail.Message("k1", "boss@acme.example", "Budget", "Numbers.", day: 50), "Work");

        _ = model.Retrain(["Work", "Family"], MadeUpMail.Options(), TestContext.Current.CancellationToken);

        Assert.Equal(MadeUpMail.Labels, model.LabelSet.Labels);
        Assert.Equal(46, model.Examples);
        Assert.Equal(1, model.PendingExamples);
    }
}
