using EmailTriage.Learning;

namespace EmailTriage.Learning.Tests;

// Each test files mail into its own model.
public sealed class KeptExamplesTests
{
    private static LearnedModel Train() =>
        LearnedModelTrainer.Train(MadeUpMail.Mailbox(), MadeUpMail.Labels, MadeUpMail.Options(), TestContext.Current.CancellationToken);

    [Fact]
    public void Filing_the_same_message_under_the_same_label_again_changes_nothing()
    {
        var model = Train();
        var message = MadeUpMail.Message("k1", "boss@acme.example", "Budget for the offsite", "Numbers for the project team.", day: 50);

        Assert.True(model.Remember(message, "Work"));
        Assert.False(model.Remember(message, "Work"));
        Assert.False(model.Correct(message, "Work"));

        Assert.Equal(46, model.Examples);
        Assert.Equal(1, model.PendingExamples);
        Assert.Equal(0, model.PendingCorrections);
    }

    [Fact]
    public void Relabelling_a_kept_message_replaces_its_example_and_counts_the_correction()
    {
        var model = Train();
        var message = MadeUpMail.Message("k1", "boss@acme.example", "Dinner at the boss's house", "Bring the kids.", day: 50);

        model.Remember(message, "Work");
        Assert.True(model.Correct(message, "Family"));

        Assert.Equal(46, model.Examples);
        Assert.Equal(1, model.PendingExamples);
        Assert.Equal(1, model.PendingCorrections);
        Assert.Equal("Family", model.KeptExamples.All.Single(e => e.Key == "k1").Label);
    }

    [Fact]
    public void Messages_of_the_training_mail_are_kept_and_not_pending()
    {
        var model = Train();

        Assert.Equal(45, model.Examples);
        Assert.Equal(0, model.PendingExamples);
        Assert.False(model.Remember(MadeUpMail.Mailbox()[0].Message, MadeUpMail.Mailbox()[0].Label));
    }
}
