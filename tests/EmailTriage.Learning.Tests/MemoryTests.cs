using EmailTriage.Learning;

namespace EmailTriage.Learning.Tests;

// Each test changes the memories, so each trains its own model.
public sealed class MemoryTests
{
    private static LearnedModel Train() =>
        LearnedModelTrainer.Train(MadeUpMail.Mailbox(), MadeUpMail.Labels, MadeUpMail.Options(), TestContext.Current.CancellationToken);

    [Fact]
    public void A_reply_follows_its_thread_even_from_a_sender_of_another_label()
    {
        var model = Train();

        // The digest sender and words say Newsletters; the message it answers was filed under Family.
        var reply = MadeUpMail.Message("r1", "digest@news.example", "Weekly digest issue 3", "Top stories this week.", day: 50, inReplyTo: "f4");
        var prediction = model.Predict(reply);

        Assert.Equal("Family", prediction.Label);
        Assert.Equal(LearnedEvidence.Thread, prediction.Evidence);
    }

    [Fact]
    public void A_reply_by_subject_follows_the_thread_when_its_headers_are_lost()
    {
        var model = Train();
        model.Remember(MadeUpMail.Message("x1", "boss@acme.example", "Lunch with the digest editors", "Top stories this week, unsubscribe.", day: 46), "Work");

        var reply = MadeUpMail.Message("x2", "digest@news.example", "RE: Fwd: Lunch with the digest editors", "Top stories this week, unsubscribe.", day: 47);

        Assert.Equal("Work", model.Predict(reply).Label);
    }

    [Fact]
    public void A_corrected_sender_goes_to_the_corrected_label_from_the_next_message_on()
    {
        var model = Train();
        var first = MadeUpMail.Message("c1", "digest@news.example", "Weekly digest issue 20", "Top stories this week.", day: 50);
        Assert.Equal("Newsletters", model.Predict(first).Label);

        model.Correct(first, "Work");
        var next = model.Predict(MadeUpMail.Message("c2", "digest@news.example", "Weekly digest issue 21", "Top stories this week.", day: 57));

        Assert.Equal("Work", next.Label);
        Assert.True(next.Decided);
        Assert.Equal(LearnedEvidence.Correction, next.Evidence);
    }

    [Fact]
    public void A_later_filing_by_the_user_ends_a_correction()
    {
        var model = Train();
        model.Correct(MadeUpMail.Message("c1", "digest@news.example", "Weekly digest issue 20", "Top stories.", day: 50), "Work");
        model.Remember(MadeUpMail.Message("c2", "digest@news.example", "Weekly digest issue 21", "Top stories.", day: 57), "Newsletters");

        var prediction = model.Predict(MadeUpMail.Message("c3", "digest@news.example", "Weekly digest issue 22", "Top stories.", day: 64));

        Assert.NotEqual(LearnedEvidence.Correction, prediction.Evidence);
        Assert.Equal("Newsletters", prediction.Label);
    }

    [Fact]
    public void Remembering_a_label_outside_the_label_set_is_refused()
    {
        var model = Train();

        Assert.Throws<ArgumentException>(() => model.Remember(MadeUpMail.Message("o1", "a@b.example", "x", "y", day: 50), "Travel"));
    }
}
