using EmailTriage.Learning.Filing;

namespace EmailTriage.Learning.Tests;

/// <summary>What a guess says it rests on: the sender's filings, the thread, the words that weighed most, the filed messages most like it.</summary>
public sealed class LearnedEvidenceDetailsTests(TrainedMailbox trained) : IClassFixture<TrainedMailbox>
{
    [Fact]
    public void A_guess_names_the_senders_filings_its_strongest_words_and_the_nearest_filed_messages()
    {
        var message = MadeUpMail.Message("new", "boss@acme.example", "Quarterly budget review", "Please review the budget spreadsheet.", day: 60);

        var guess = new LearnedFilingModel(trained.Model, MadeUpMail.Options(0.95)).Guess(message);

        var details = guess.Details!;
        Assert.Equal("Work", guess.Label);
        Assert.Equal(new Dictionary<string, int> { ["Work"] = 8 }, details.SenderFilings);
        Assert.Contains(details.Terms, t => t.Term == "budget");
        Assert.All(details.Terms, t => Assert.True(t.Weight > 0));
        Assert.Equal(details.Terms.OrderByDescending(t => t.Weight).Select(t => t.Term), details.Terms.Select(t => t.Term));
        Assert.Equal(3, details.Nearest.Count);
        Assert.All(details.Nearest, n => Assert.Equal("Work", n.Label));
        Assert.All(details.Nearest, n => Assert.InRange(n.Similarity, 0.01, 1));
        Assert.False(details.Novel);
        Assert.Null(details.Thread);
    }

    [Fact]
    public void A_reply_names_its_thread_and_a_stranger_is_novel()
    {
        var model = new LearnedFilingModel(trained.Model, MadeUpMail.Options(0.95));

        var reply = model.Guess(MadeUpMail.Message("r1", "someone@elsewhere.example", "Re: plans", "Sounds good.", day: 60, inReplyTo: "f3"));
        var stranger = model.Guess(MadeUpMail.Message("s1", "someone@elsewhere.example", "Hello", "Something else entirely.", day: 60));

        Assert.Equal(new EmailTriage.Filing.FilingThread("reference", "Family"), reply.Details!.Thread);
        Assert.False(reply.Details.Novel);
        Assert.True(stranger.Details!.Novel);
        Assert.Empty(stranger.Details.SenderFilings);
    }

    [Fact]
    public void A_message_filed_after_the_index_was_built_is_found_among_the_nearest()
    {
        var model = LearnedModelTrainer.Train(MadeUpMail.Mailbox(), MadeUpMail.Labels, MadeUpMail.Options(0), TestContext.Current.CancellationToken);
        var probe = MadeUpMail.Message("p1", "aunt@family.example", "Garden party on the lawn", "Lanterns, lemonade and the garden party on the lawn.", day: 60);
        Assert.DoesNotContain(model.Predict(probe, explain: true).Details!.Nearest, n => n.Id == "g1");

        model.Remember(MadeUpMail.Message("g1", "aunt@family.example", "Garden party on the lawn", "Lanterns, lemonade and a garden party on the lawn.", day: 59), "Family");

        Assert.Equal("g1", model.Predict(probe, explain: true).Details!.Nearest[0].Id);
    }
}
