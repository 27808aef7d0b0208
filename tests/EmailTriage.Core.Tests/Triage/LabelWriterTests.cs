using EmailTriage.Classification;
using EmailTriage.Core.Tests.Support;
using EmailTriage.Labels;
using EmailTriage.Mail;
using EmailTriage.Mailboxes;
using EmailTriage.Triage;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace EmailTriage.Core.Tests.Triage;

public sealed class LabelWriterTests
{
    private readonly Mock<IMailboxSession> _mailbox = new(MockBehavior.Strict);
    private readonly List<LabelGroup> _applied = [];
    private readonly List<MessageOutcome> _results = [];
    private readonly TriageTally _tally = new(dryRun: false);
    private readonly FakeTimeProvider _time = new();

    private LabelWriter Batcher(int groupSize = 10, TimeSpan? maxWait = null)
    {
        _mailbox.Setup(m => m.Writing).Returns(new LabelWriting(groupSize, maxWait ?? TimeSpan.Zero));
        return new(_mailbox.Object, TestLabels.Standard, _time, result =>
        {
            _results.Add(result);
            _tally.Add(result);
        });
    }

    private void MailboxApplies(Func<LabelGroup, IReadOnlyCollection<string>>? failed = null) =>
        _mailbox.Setup(m => m.ApplyAsync(It.IsAny<LabelGroup>(), It.IsAny<CancellationToken>()))
            .Callback<LabelGroup, CancellationToken>((group, _) => _applied.Add(group))
            .ReturnsAsync((LabelGroup group, CancellationToken _) => failed?.Invoke(group) ?? []);

    private static MailMessage Message(string id) => new() { Id = id, From = "a@example.com", Subject = $"Subject {id}" };

    private static Decision Llm(string label) => new(label, DecisionSource.Llm, "llm: test-model");

    private TriageSummary Summary() => _tally.ToSummary("test", 0, TimeSpan.Zero, null);

    [Fact]
    public async Task Applies_one_group_per_label_on_flush()
    {
        MailboxApplies();
        await using var batcher = Batcher();

        await batcher.AddAsync(Message("1"), Llm("Work"));
        await batcher.AddAsync(Message("2"), Llm("Finance"));
        await batcher.AddAsync(Message("3"), Llm("work"));
        Assert.Empty(_applied);
        await batcher.FlushAsync();

        Assert.Equal(2, _applied.Count);
        var work = Assert.Single(_applied, g => g.Label == "Work");
        Assert.Equal(["1", "3"], work.Messages.Select(m => m.Id));
        Assert.Equal((DecisionSource.Llm, "llm: test-model"), (work.Messages[0].Source, work.Messages[0].Reason));
        Assert.Equal(3, _results.Count(r => r.Applied));
        Assert.Equal(3, Summary().Applied);
    }

    [Fact]
    public async Task Full_group_is_applied_without_waiting_for_flush()
    {
        MailboxApplies();
        await using var batcher = Batcher(groupSize: 2);

        await batcher.AddAsync(Message("1"), Llm("Work"));
        await batcher.AddAsync(Message("2"), Llm("Work"));

        Assert.Equal(["1", "2"], Assert.Single(_applied).Messages.Select(m => m.Id));
    }

    [Fact]
    public async Task Archive_action_of_the_label_goes_with_the_group()
    {
        MailboxApplies();
        await using var batcher = Batcher();

        await batcher.AddAsync(Message("1"), new Decision("Newsletters", DecisionSource.Rule, "rule: list-id contains news.example.org"));
        await batcher.AddAsync(Message("2"), new Decision("Review", DecisionSource.Fallback, "message could not be read"));
        await batcher.FlushAsync();

        Assert.Equal(LabelAction.Archive, _applied.Single(g => g.Label == "Newsletters").Action);
        Assert.Equal(LabelAction.None, _applied.Single(g => g.Label == "Review").Action);
    }

    [Fact]
    public async Task Ids_the_mailbox_could_not_label_are_failures_left_for_the_next_run()
    {
        MailboxApplies(_ => ["2"]);
        await using var batcher = Batcher();

        await batcher.AddAsync(Message("1"), Llm("Work"));
        await batcher.AddAsync(Message("2"), Llm("Work"));
        await batcher.FlushAsync();

        Assert.True(_results.Single(r => r.Id == "1").Applied);
        var failed = _results.Single(r => r.Id == "2");
        Assert.False(failed.Applied);
        Assert.EndsWith("applying the label failed; left for the next run", failed.Reason, StringComparison.Ordinal);
        var summary = Summary();
        Assert.Equal((1, 1), (summary.Applied, summary.FailureCount));
    }

    [Fact]
    public async Task Mailbox_error_fails_the_whole_group_with_its_message()
    {
        _mailbox.Setup(m => m.ApplyAsync(It.IsAny<LabelGroup>(), It.IsAny<CancellationToken>())).ThrowsAsync(new MailboxUnavailableException("disk full"));
        await using var batcher = Batcher();

        await batcher.AddAsync(Message("1"), Llm("Work"));
        await batcher.AddAsync(Message("2"), Llm("Work"));
        await batcher.FlushAsync();

        Assert.All(_results, r =>
        {
            Assert.False(r.Applied);
            Assert.Contains("applying the label failed: disk full", r.Reason, StringComparison.Ordinal);
        });
        Assert.Equal(2, Summary().FailureCount);
    }

    [Fact]
    public async Task A_group_that_is_not_full_goes_out_when_the_timer_comes_round()
    {
        MailboxApplies();
        await using var batcher = Batcher(groupSize: 50, maxWait: TimeSpan.FromSeconds(3));

        await batcher.AddAsync(Message("1"), Llm("Work"));
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Empty(_applied);
        _time.Advance(TimeSpan.FromSeconds(1));
        await batcher.FlushAsync();

        // Written by the tick, not by the final flush: one group, the same one.
        Assert.Equal(["1"], Assert.Single(_applied).Messages.Select(m => m.Id));
        Assert.True(Assert.Single(_results).Applied);
    }

    [Fact]
    public async Task Writing_each_decision_applies_it_at_once()
    {
        MailboxApplies();
        await using var batcher = Batcher(groupSize: 1);

        await batcher.AddAsync(Message("1"), Llm("Work"));

        Assert.Equal(["1"], Assert.Single(_applied).Messages.Select(m => m.Id));
        Assert.Single(_results);
    }
}
