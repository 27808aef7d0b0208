using EmailTriage.Classification;
using EmailTriage.Triage;

namespace EmailTriage.Core.Tests.Triage;

public sealed class TriageTallyTests
{
    [Fact]
    public void Counts_sources_usage_and_messages_left_for_an_llm()
    {
        var tally = new TriageTally();

        tally.Decided(new Decision("Work", DecisionSource.Llm, "llm") { Usage = new LlmUsage(1, 100, 5) });
        tally.Decided(new Decision("Work", DecisionSource.Llm, "llm") { Usage = new LlmUsage(2, 250, 9) });
        tally.Decided(Decision.Failed("no llm") with { NeedsLlm = true });

        var summary = tally.ToSummary("folder x", dryRun: false, 3, 0, TimeSpan.FromSeconds(1), null);
        Assert.Equal(2, summary.Classified);
        Assert.Equal(2, summary.PerSource[DecisionSource.Llm]);
        Assert.Equal(new LlmUsage(3, 350, 14), summary.Usage);
        Assert.Equal(1, summary.LeftForLlm);
    }

    [Fact]
    public void Keeps_a_bounded_list_of_failures_but_counts_them_all()
    {
        var tally = new TriageTally();

        for (var i = 0; i < 250; i++)
        {
            tally.Failed($"m{i}", "LLM server error");
        }

        var summary = tally.ToSummary("folder x", dryRun: false, 250, 0, TimeSpan.Zero, null);
        Assert.Equal(250, summary.FailureCount);
        Assert.Equal(200, summary.Failures.Count);
    }

    [Fact]
    public void Per_label_counts_applied_labels_and_dry_run_choices()
    {
        var tally = new TriageTally();

        tally.Finished(new MessageResult("1", "", "", "Work", "llm", Applied: true, "r"), dryRun: false);
        tally.Finished(new MessageResult("2", "", "", "work", "llm", Applied: false, "r"), dryRun: false);
        tally.Finished(new MessageResult("3", "", "", "Finance", "llm", Applied: false, "r"), dryRun: true);

        var summary = tally.ToSummary("folder x", dryRun: false, 3, 0, TimeSpan.Zero, null);
        Assert.Equal(1, summary.Applied);
        Assert.Equal(1, summary.PerLabel["WORK"]);
        Assert.Equal(1, summary.PerLabel["Finance"]);
    }

    [Fact]
    public void Stop_reason_is_carried_into_the_summary()
    {
        var stop = new LlmException(LlmFailure.RateLimited, "Rate limit exceeded: ...");

        var summary = new TriageTally().ToSummary("folder x", dryRun: false, 0, 0, TimeSpan.Zero, stop);

        Assert.Equal(LlmFailure.RateLimited, summary.StopFailure);
        Assert.Equal("Rate limit exceeded: ...", summary.StoppedBecause);
    }
}
