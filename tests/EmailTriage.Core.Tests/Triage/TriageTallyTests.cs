using EmailTriage.Classification;
using EmailTriage.Triage;

namespace EmailTriage.Core.Tests.Triage;

public sealed class TriageTallyTests
{
    [Fact]
    public void Counts_sources_usage_and_messages_left_for_an_llm()
    {
        var tally = new TriageTally(dryRun: false);

        tally.Add(Outcome(new Decision("Work", DecisionSource.Llm, "llm") { Usage = new LlmUsage(1, 100, 5) }, applied: true));
        tally.Add(Outcome(new Decision("Work", DecisionSource.Llm, "llm") { Usage = new LlmUsage(2, 250, 9) }, applied: true));
        tally.Add(Outcome(Decision.Deferred("no llm"), applied: false));

        var summary = tally.ToSummary("folder x", 3, TimeSpan.FromSeconds(1), null);
        Assert.Equal(2, summary.Classified);
        Assert.Equal(2, summary.PerSource[DecisionSource.Llm]);
        Assert.Equal(new LlmUsage(3, 350, 14), summary.Usage);
        Assert.Equal(1, summary.LeftForLlm);
        Assert.Equal(0, summary.FailureCount);
        Assert.Equal(0, summary.NotStarted);
    }

    [Fact]
    public void Counts_llm_decisions_per_server_that_gave_them()
    {
        var tally = new TriageTally(dryRun: false);

        tally.Add(Outcome(new Decision("Work", DecisionSource.Llm, "llm") { Provider = "m@a:8080" }, applied: true));
        tally.Add(Outcome(new Decision("Work", DecisionSource.Llm, "llm") { Provider = "m@b:8081" }, applied: true));
        tally.Add(Outcome(new Decision("Work", DecisionSource.Llm, "llm") { Provider = "m@a:8080" }, applied: true));

        // A fallback label after two answers off the list is no decision of the server's.
        tally.Add(Outcome(new Decision("Review", DecisionSource.Fallback, "invalid") { Provider = "m@b:8081" }, applied: true));
        tally.Add(Outcome(new Decision("Work", DecisionSource.Rule, "rule"), applied: true));

        var summary = tally.ToSummary("folder x", 5, TimeSpan.Zero, null);
        Assert.Equal(2, summary.PerProvider.Count);
        Assert.Equal(2, summary.PerProvider["m@a:8080"]);
        Assert.Equal(1, summary.PerProvider["m@b:8081"]);
    }

    [Fact]
    public void Candidates_without_an_outcome_are_not_started()
    {
        var tally = new TriageTally(dryRun: false);

        tally.Add(Outcome(new Decision("Work", DecisionSource.Rule, "rule"), applied: true));
        tally.Add(MessageOutcome.Listed(new MessageFailure("m2", "could not be fetched")));

        var summary = tally.ToSummary("gmail me", 5, TimeSpan.Zero, null);
        Assert.Equal((1, 1, 3), (summary.Classified, summary.FailureCount, summary.NotStarted));
    }

    [Fact]
    public void An_entry_that_is_no_message_is_counted_as_skipped_with_its_reason_not_as_a_failure()
    {
        var tally = new TriageTally(dryRun: false);

        tally.Add(Outcome(new Decision("Work", DecisionSource.Rule, "rule"), applied: true));
        tally.Add(MessageOutcome.Listed(new MessageFailure("pipe.eml", "not a regular file") { Skipped = true }));

        var summary = tally.ToSummary("folder x", 2, TimeSpan.Zero, null);
        Assert.Equal((1, 0, 1, 0), (summary.Applied, summary.FailureCount, summary.SkippedCount, summary.NotStarted));
        Assert.Equal("not a regular file", Assert.Single(summary.Skipped).Reason);
        Assert.Empty(summary.Failures);
    }

    private static MessageOutcome Outcome(Decision decision, bool applied)
    {
        var message = new EmailTriage.Mail.MailMessage { Id = Guid.NewGuid().ToString("N") };
        return decision.Label is null ? MessageOutcome.Unwritten(message, decision, dryRun: false) : MessageOutcome.Written(message, decision, applied);
    }

    [Fact]
    public void Keeps_a_bounded_list_of_failures_but_counts_them_all()
    {
        var tally = new TriageTally(dryRun: false);

        for (var i = 0; i < 250; i++)
        {
            tally.Add(Outcome(Decision.Failed("LLM server error"), applied: false));
        }

        var summary = tally.ToSummary("folder x", 250, TimeSpan.Zero, null);
        Assert.Equal(250, summary.FailureCount);
        Assert.Equal(200, summary.Failures.Count);
    }

    [Fact]
    public void Per_label_counts_applied_labels_and_dry_run_choices()
    {
        var tally = new TriageTally(dryRun: false);
        var dryRun = new TriageTally(dryRun: true);

        tally.Add(Outcome(new Decision("Work", DecisionSource.Llm, "r"), applied: true));
        tally.Add(Outcome(new Decision("work", DecisionSource.Llm, "r"), applied: false));
        dryRun.Add(MessageOutcome.Unwritten(new EmailTriage.Mail.MailMessage { Id = "3" }, new Decision("Finance", DecisionSource.Llm, "r"), dryRun: true));

        var summary = tally.ToSummary("folder x", 3, TimeSpan.Zero, null);
        Assert.Equal(1, summary.Applied);
        Assert.Equal(1, summary.PerLabel["WORK"]);
        Assert.Equal(1, summary.FailureCount);
        Assert.Equal(1, dryRun.ToSummary("folder x", 1, TimeSpan.Zero, null).PerLabel["Finance"]);
    }

    [Fact]
    public void Stop_reason_is_carried_into_the_summary()
    {
        var stop = new LlmException(LlmFailure.RateLimited, "Rate limit exceeded: ...");

        var summary = new TriageTally(dryRun: false).ToSummary("folder x", 0, TimeSpan.Zero, stop);

        Assert.Equal(LlmFailure.RateLimited, summary.StopFailure);
        Assert.Equal("Rate limit exceeded: ...", summary.StoppedBecause);
    }
}
