using EmailTriage.Learning;

namespace EmailTriage.Learning.Tests;

public sealed class LearnedModelTests(TrainedMailbox trained) : IClassFixture<TrainedMailbox>
{
    [Theory]
    [InlineData("boss@acme.example", "Re: budget review for next quarter", "Attached the spreadsheet for the project meeting.", "Work")]
    [InlineData("mum@family.example", "Dinner on Sunday?", "The kids and grandma would love it.", "Family")]
    [InlineData("digest@news.example", "Weekly digest issue 99", "Top stories, unsubscribe any time.", "Newsletters")]
    public void Learns_each_kind_of_mail_from_its_sender_and_words(string from, string subject, string body, string expected)
    {
        var prediction = trained.Model.Predict(MadeUpMail.Message("new", from, subject, body, day: 60));

        Assert.Equal(expected, prediction.Label);
        Assert.Equal(expected, prediction.Top[0].Label);
        Assert.InRange(prediction.Confidence, 0.34, 1);
    }

    [Fact]
    public void Probabilities_of_the_top_labels_sum_to_at_most_one()
    {
        var prediction = trained.Model.Predict(MadeUpMail.Message("new", "stranger@elsewhere.example", "Hello", "Something else entirely.", day: 60));

        Assert.InRange(prediction.Top.Sum(t => t.Probability), 0.99, 1.0001);
        Assert.Equal(MadeUpMail.Labels.Length, prediction.Top.Count);
    }

    [Fact]
    public void Report_counts_messages_per_label_and_holds_out_the_newest()
    {
        var report = trained.Model.Report;

        Assert.Equal(45, report.Messages);
        Assert.Equal(9, report.HeldOut);
        Assert.All(MadeUpMail.Labels, l => Assert.Equal(15, report.MessagesPerLabel[l]));
        Assert.Empty(report.SparseLabels);
    }
}
