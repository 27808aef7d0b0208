using EmailTriage.Filing;
using EmailTriage.Learning.Filing;
using EmailTriage.Mail;

namespace EmailTriage.Learning.Tests.Filing;

/// <summary>
/// The monitor through the model the app uses: a model made wrong on purpose for one label (the newsletters' later mail
/// belongs to Family now) stops deciding that label alone after the user's corrections, says so, and keeps deciding the others.
/// </summary>
public sealed class LearnedFilingModelMonitorTests
{
    private static readonly string[] Labels = WellFiledMail.Labels;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static MailMessage Work(int i, int day) => WellFiledMail.Work(i, day);

    private static MailMessage Newsletter(int i, int day) => WellFiledMail.Newsletter(i, day);

    private static LearnedFilingModel Trained()
    {
        var options = new LearningOptions { TargetPrecision = 0.95 };
        return new LearnedFilingModel(LearnedModelTrainer.Train(WellFiledMail.Mailbox(), Labels, options, Ct), options);
    }

    private static FilingLabelStatus Status(LearnedFilingModel model, string label) => model.Report.LabelStatus.Single(s => s.Label == label);

    [Fact]
    public void A_label_whose_lone_decisions_the_user_corrects_stops_deciding_alone_and_says_why_while_the_others_go_on()
    {
        var model = Trained();
        Assert.NotNull(model.Report.Gate);

        // The list's later issues belong to Family now; the model files them under Newsletters alone, and the user corrects each.
        for (var i = 0; i < 3; i++)
        {
            var later = Newsletter(i, 41 + i);
            var guess = model.Guess(later);
            Assert.Equal(("Newsletters", true), (guess.Label, guess.Decided));
            Assert.True(model.Changed, "a lone decision waits for the user's verdict in the saved model");
            model.Learn(new FiledMessage(later, "Family", FilingKind.Corrected));
        }

        var next = model.Guess(Newsletter(3, 45));
        Assert.Equal("Newsletters", next.Label);
        Assert.False(next.Decided);
        Assert.Contains("'Newsletters' is paused by the monitor: 3 of its last 3 lone decisions were wrong", next.NotAloneBecause, StringComparison.Ordinal);

        var newsletters = Status(model, "Newsletters");
        Assert.Equal((false, 3, 0, 0.0), (newsletters.MayDecideAlone, newsletters.Judged, newsletters.Right, newsletters.LivePrecision));
        Assert.Contains("paused by the monitor", newsletters.Because, StringComparison.Ordinal);

        var work = model.Guess(Work(41, 45));
        Assert.Equal(("Work", true), (work.Label, work.Decided));
        Assert.True(Status(model, "Work").MayDecideAlone);
        Assert.True(Status(model, "Family").MayDecideAlone);
    }

    [Fact]
    public void A_paused_label_stays_paused_across_a_retrain_and_a_saved_file()
    {
        var model = Trained();
        for (var i = 0; i < 3; i++)
        {
            var later = Newsletter(i, 41 + i);
            model.Guess(later);
            model.Learn(new FiledMessage(later, "Family", FilingKind.Corrected));
        }

        Assert.True(model.RetrainIfDue(Ct));
        using var file = new MemoryStream();
        LearnedModelFile.Save(model.Model, file);
        file.Position = 0;
        var reopened = new LearnedFilingModel(LearnedModelFile.Load(file, Labels, "model.zip"), new LearningOptions { TargetPrecision = 0.95 });

        Assert.False(Status(reopened, "Newsletters").MayDecideAlone);
        Assert.False(reopened.Guess(Newsletter(4, 46)).Decided);
        Assert.True(Status(reopened, "Work").MayDecideAlone);
    }

    [Fact]
    public void A_paused_label_decides_alone_again_once_what_it_would_have_decided_is_right_again()
    {
        var model = Trained();
        for (var i = 0; i < 3; i++)
        {
            var later = Newsletter(i, 41 + i);
            model.Guess(later);
            model.Learn(new FiledMessage(later, "Family", FilingKind.Corrected));
        }

        // The user files the list under Newsletters again: each guess it held back is judged right when the user files it.
        var opened = -1;
        for (var i = 3; i < 40 && opened < 0; i++)
        {
            var later = Newsletter(i, 41 + i);
            var guess = model.Guess(later);
            Assert.Equal("Newsletters", guess.Label);
            if (guess.Decided)
            {
                opened = i;
            }

            model.Learn(new FiledMessage(later, "Newsletters"));
        }

        // Three wrong of the last 20 pause it; the first wrong one leaves the window after 18 right ones.
        Assert.Equal(3 + 18, opened);
        Assert.True(Status(model, "Newsletters").MayDecideAlone);
    }

    [Fact]
    public void A_correction_of_a_message_the_user_moved_is_judged_by_its_message_id()
    {
        var model = Trained();
        var later = Newsletter(0, 41);
        Assert.True(model.Guess(later).Decided);

        // Moved to another IMAP folder, the message has another id there; its Message-ID header is the same.
        model.Learn(new FiledMessage(later with { Id = "Family/77" }, "Family", FilingKind.Corrected));

        Assert.Equal((1, 0), (Status(model, "Newsletters").Judged, Status(model, "Newsletters").Right));
    }

    [Fact]
    public void Deciding_everything_or_nothing_is_the_users_choice_and_is_not_watched()
    {
        var model = Trained();
        var everything = new LearnedFilingModel(model.Model, new LearningOptions { TargetPrecision = 0 });

        for (var i = 0; i < 3; i++)
        {
            var later = Newsletter(i, 41 + i);
            Assert.True(everything.Guess(later).Decided);
            everything.Learn(new FiledMessage(later, "Family", FilingKind.Corrected));
        }

        Assert.True(everything.Guess(Newsletter(3, 45)).Decided);
        Assert.Equal(0, Status(everything, "Newsletters").Judged);
    }
}
