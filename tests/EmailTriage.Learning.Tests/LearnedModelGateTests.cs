namespace EmailTriage.Learning.Tests;

/// <summary>What holds a confident prediction back when no feedback comes: mail nothing filed speaks for, and a model left unfed.</summary>
public sealed class LearnedModelGateTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static LearnedModel Train(int newslettersPerDay = 1) =>
        LearnedModelTrainer.Train(WellFiledMail.Mailbox(newslettersPerDay), WellFiledMail.Labels, MadeUpMail.Options(0.95), Ct);

    [Fact]
    public void Mail_from_a_sender_never_filed_needs_its_own_gate_and_too_little_such_held_out_mail_keeps_it_closed()
    {
        // Held out: the newest 24 messages, of which only the 8 newsletters come from writers never filed before.
        var model = Train();
        Assert.NotNull(model.Gate.Threshold);

        var stranger = model.Predict(WellFiledMail.Message("s1", "intern@acme.example", "Quarterly budget review", "Please review the budget spreadsheet before the meeting with the project team.", day: 41));
        var known = model.Predict(WellFiledMail.Work(41, day: 41));

        Assert.Equal(("Work", "Work"), (stranger.Label, known.Label));
        Assert.True(known.Decided);
        Assert.False(stranger.Decided);
        Assert.Contains("senders never filed", stranger.NotAloneBecause, StringComparison.Ordinal);
        Assert.Contains("too few", stranger.NotAloneBecause, StringComparison.Ordinal);
        Assert.Null(model.Gates.Novel.Threshold);
    }

    [Fact]
    public void Enough_held_out_mail_from_new_senders_opens_their_gate_within_a_month_of_the_newest_filing()
    {
        var model = Train(newslettersPerDay: 3);
        Assert.NotNull(model.Gates.Novel.Threshold);
        Assert.True(model.HeldOut.Count(h => h.Novel) >= ConfidenceGate.FewestHeldOut);

        var soon = model.Predict(WellFiledMail.Newsletter(1000, day: 39 + 20));
        var late = model.Predict(WellFiledMail.Newsletter(1001, day: 39 + 31));

        Assert.True(soon.Decided, soon.NotAloneBecause);
        Assert.False(late.Decided);
        Assert.Contains("within 30 days of the newest filing", late.NotAloneBecause, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_decides_alone_on_mail_three_months_newer_than_the_newest_filing_until_the_user_files_again()
    {
        var model = Train();

        Assert.True(model.Predict(WellFiledMail.Work(41, day: 39 + 90)).Decided);
        var stale = model.Predict(WellFiledMail.Work(42, day: 39 + 91));
        Assert.False(stale.Decided);
        Assert.True(stale.AboveGate);
        Assert.Contains("the model decides alone only within 90 days", stale.NotAloneBecause, StringComparison.Ordinal);

        model.Remember(WellFiledMail.Family(43, day: 39 + 91), "Family");
        Assert.True(model.Predict(WellFiledMail.Work(44, day: 39 + 92)).Decided);
    }

    [Fact]
    public void Gates_are_chosen_again_for_another_target_from_the_held_out_decisions_kept()
    {
        var model = Train();
        var kept = model.HeldOut.Count;

        Assert.True(model.UseTarget(1));
        Assert.Null(model.Gate.Threshold);
        Assert.False(model.Predict(WellFiledMail.Work(41, day: 41)).Decided);
        Assert.True(model.UseTarget(0.95));
        Assert.True(model.Predict(WellFiledMail.Work(41, day: 41)).Decided);
        Assert.Equal(24, kept);
    }

    [Fact]
    public void The_novel_gate_is_chosen_on_novel_held_out_decisions_only()
    {
        // Familiar mail is right at any confidence; novel mail only from 0.9 up. Over all of it, 220 of 230 are right (0.957).
        List<HeldOutDecision> heldOut =
        [
            .. Enumerable.Range(0, 200).Select(i => new HeldOutDecision("Work", 0.5 + (i / 1000.0), Correct: true, Novel: false)),
            .. Enumerable.Range(0, 20).Select(i => new HeldOutDecision("Work", 0.9 + (i / 1000.0), Correct: true, Novel: true)),
            .. Enumerable.Range(0, 10).Select(_ => new HeldOutDecision("Work", 0.85, Correct: false, Novel: true)),
        ];

        var gates = GateSet.Choose(heldOut, 0.95);

        Assert.Equal(0.9, gates.Novel.Threshold);
        Assert.Equal(0.5, gates.Main.Threshold);
    }
}
