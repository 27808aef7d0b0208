using EmailTriage.Learning;

namespace EmailTriage.Learning.Tests;

public sealed class RetrainCadenceTests
{
    private static LearnedModel Train() =>
        LearnedModelTrainer.Train(MadeUpMail.Mailbox(), MadeUpMail.Labels, MadeUpMail.Options(), TestContext.Current.CancellationToken);

    private static LearningOptions Every(int examples, int max) => new() { RetrainEvery = examples, MaxRetrainsPerRun = max };

    [Fact]
    public void Is_due_once_enough_examples_arrived_and_never_more_often_than_the_maximum()
    {
        var model = Train();
        var cadence = new RetrainCadence(Every(examples: 3, max: 1));

        model.Remember(MadeUpMail.Message("a1", "boss@acme.example", "Budget one", "Numbers.", day: 50), "Work");
        model.Remember(MadeUpMail.Message("a2", "boss@acme.example", "Budget two", "Numbers.", day: 51), "Work");
        Assert.False(cadence.Due(model));
        Assert.False(cadence.TryTake(model));

        model.Remember(MadeUpMail.Message("a3", "boss@acme.example", "Budget three", "Numbers.", day: 52), "Work");
        Assert.True(cadence.Due(model));
        Assert.True(cadence.TryTake(model));
        Assert.Equal(1, cadence.Retrains);

        Assert.False(cadence.Due(model));
        Assert.False(cadence.TryTake(model));
        Assert.Equal(1, cadence.Retrains);
    }

    [Fact]
    public void Is_due_after_any_correction()
    {
        var model = Train();
        var cadence = new RetrainCadence(Every(examples: 100, max: 1));

        model.Correct(MadeUpMail.Message("c1", "digest@news.example", "Weekly digest issue 20", "Top stories.", day: 50), "Work");

        Assert.True(cadence.Due(model));
    }

    [Fact]
    public void Is_due_when_a_label_without_a_model_has_two_examples()
    {
        var model = LearnedModelTrainer.Train(MadeUpMail.Mailbox(), [.. MadeUpMail.Labels, "Travel"], MadeUpMail.Options(), TestContext.Current.CancellationToken);
        var cadence = new RetrainCadence(Every(examples: 100, max: 1));

        model.Remember(MadeUpMail.Message("t1", "bookings@airline.example", "Flight", "Boarding pass.", day: 50), "Travel");
        Assert.False(cadence.Due(model));
        model.Remember(MadeUpMail.Message("t2", "bookings@airline.example", "Flight back", "Boarding pass.", day: 51), "Travel");

        Assert.True(cadence.Due(model));
    }

    [Fact]
    public void A_fresh_model_is_not_due()
    {
        Assert.False(new RetrainCadence(new LearningOptions()).Due(Train()));
    }

    [Theory]
    [InlineData(0, 1, "LEARNED_RETRAIN_EVERY")]
    [InlineData(100, -1, "LEARNED_MAX_RETRAINS_PER_RUN")]
    public void Settings_out_of_range_are_refused_naming_the_setting(int every, int max, string setting)
    {
        var ex = Assert.Throws<LearningException>(() => new RetrainCadence(Every(every, max)));

        Assert.Contains(setting, ex.Message, StringComparison.Ordinal);
    }
}
