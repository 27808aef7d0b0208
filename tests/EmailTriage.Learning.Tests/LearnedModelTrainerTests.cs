using EmailTriage.Learning;

namespace EmailTriage.Learning.Tests;

public sealed class LearnedModelTrainerTests
{
    [Fact]
    public void An_empty_mailbox_says_there_is_nothing_to_learn_from()
    {
        var ex = Assert.Throws<LearningException>(() => LearnedModelTrainer.Train([], MadeUpMail.Labels, MadeUpMail.Options(), TestContext.Current.CancellationToken));

        Assert.Contains("no filed mail to learn from", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_one_label_mailbox_says_two_labels_are_needed()
    {
        var mail = MadeUpMail.Mailbox().Where(m => m.Label == "Work").ToList();

        var ex = Assert.Throws<LearningException>(() => LearnedModelTrainer.Train(mail, MadeUpMail.Labels, MadeUpMail.Options(), TestContext.Current.CancellationToken));

        Assert.Contains("one label ('Work')", ex.Message, StringComparison.Ordinal);
        Assert.Contains("at least two labels", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_label_set_is_refused()
    {
        var ex = Assert.Throws<LearningException>(() => LearnedModelTrainer.Train(MadeUpMail.Mailbox(), [], MadeUpMail.Options(), TestContext.Current.CancellationToken));

        Assert.Contains("label set is empty", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Labels_with_too_few_or_no_examples_are_named()
    {
        var mail = MadeUpMail.Mailbox().Where(m => m.Label != "Newsletters" || m.Message.Id is "n0" or "n1").ToList();

        var model = LearnedModelTrainer.Train(mail, [.. MadeUpMail.Labels, "Travel"], MadeUpMail.Options(), TestContext.Current.CancellationToken);

        Assert.Equal(["Newsletters"], model.Report.SparseLabels);
        Assert.Equal(["Travel"], model.Report.UnseenLabels);
    }

    [Fact]
    public void Mail_under_labels_outside_the_label_set_is_skipped_and_counted()
    {
        var model = LearnedModelTrainer.Train(MadeUpMail.Mailbox(), ["Work", "Family"], MadeUpMail.Options(), TestContext.Current.CancellationToken);

        Assert.Equal(15, model.Report.OutsideLabelSet);
        Assert.Equal(30, model.Report.Messages);
    }
}
