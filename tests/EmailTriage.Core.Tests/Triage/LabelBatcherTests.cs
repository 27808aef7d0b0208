using EmailTriage.Classification;
using EmailTriage.Core.Tests.Support;
using EmailTriage.Labels;
using EmailTriage.Mail;
using EmailTriage.Mailboxes;
using EmailTriage.Triage;
using Moq;

namespace EmailTriage.Core.Tests.Triage;

public sealed class LabelBatcherTests
{
    private readonly Mock<IMailbox> _mailbox = new(MockBehavior.Strict);
    private readonly List<LabelGroup> _applied = [];
    private readonly List<MessageResult> _results = [];
    private readonly TriageTally _tally = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private LabelBatcher Batcher(int groupSize = 10, bool dryRun = false) =>
        new(_mailbox.Object, TestLabels.Standard, new TriageRequest { DryRun = dryRun, OnResult = _results.Add }, _tally, groupSize);

    private void MailboxApplies(Func<LabelGroup, IReadOnlyCollection<string>>? failed = null) =>
        _mailbox.Setup(m => m.ApplyAsync(It.IsAny<LabelGroup>(), It.IsAny<CancellationToken>()))
            .Callback<LabelGroup, CancellationToken>((group, _) => _applied.Add(group))
            .ReturnsAsync((LabelGroup group, CancellationToken _) => failed?.Invoke(group) ?? []);

    private static MailMessage Message(string id) => new() { Id = id, From = "a@example.com", Subject = $"Subject {id}" };

    private static Decision Llm(string label) => new(label, DecisionSource.Llm, "llm: test-model");

    private TriageSummary Summary() => _tally.ToSummary("test", dryRun: false, 0, 0, TimeSpan.Zero, null);

    [Fact]
    public async Task Applies_one_group_per_label_on_flush()
    {
        MailboxApplies();
        using var batcher = Batcher();

        await batcher.AddAsync(Message("1"), Llm("Work"), Ct);
        await batcher.AddAsync(Message("2"), Llm("Finance"), Ct);
        await batcher.AddAsync(Message("3"), Llm("work"), Ct);
        Assert.Empty(_applied);
        await batcher.FlushAsync(Ct);

        Assert.Equal(2, _applied.Count);
        var work = Assert.Single(_applied, g => g.Label == "Work");
        Assert.Equal(["1", "3"], work.Messages.Select(m => m.Id));
        Assert.Equal(("llm", "llm: test-model"), (work.Messages[0].Source, work.Messages[0].Reason));
        Assert.Equal(3, _results.Count(r => r.Applied));
        Assert.Equal(3, Summary().Applied);
    }

    [Fact]
    public async Task Full_group_is_applied_without_waiting_for_flush()
    {
        MailboxApplies();
        using var batcher = Batcher(groupSize: 2);

        await batcher.AddAsync(Message("1"), Llm("Work"), Ct);
        await batcher.AddAsync(Message("2"), Llm("Work"), Ct);

        Assert.Equal(["1", "2"], Assert.Single(_applied).Messages.Select(m => m.Id));
    }

    [Fact]
    public async Task Archive_action_of_the_label_goes_with_the_group()
    {
        MailboxApplies();
        using var batcher = Batcher();

        await batcher.AddAsync(Message("1"), new Decision("Newsletters", DecisionSource.Rule, "rule: list-id contains news.example.org"), Ct);
        await batcher.AddAsync(Message("2"), new Decision("Review", DecisionSource.Fallback, "message could not be read"), Ct);
        await batcher.FlushAsync(Ct);

        Assert.Equal(LabelAction.Archive, _applied.Single(g => g.Label == "Newsletters").Action);
        Assert.Equal(LabelAction.None, _applied.Single(g => g.Label == "Review").Action);
    }

    [Fact]
    public async Task Ids_the_mailbox_could_not_label_are_failures_left_for_the_next_run()
    {
        MailboxApplies(_ => ["2"]);
        using var batcher = Batcher();

        await batcher.AddAsync(Message("1"), Llm("Work"), Ct);
        await batcher.AddAsync(Message("2"), Llm("Work"), Ct);
        await batcher.FlushAsync(Ct);

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
        _mailbox.Setup(m => m.ApplyAsync(It.IsAny<LabelGroup>(), It.IsAny<CancellationToken>())).ThrowsAsync(new IOException("disk full"));
        using var batcher = Batcher();

        await batcher.AddAsync(Message("1"), Llm("Work"), Ct);
        await batcher.AddAsync(Message("2"), Llm("Work"), Ct);
        await batcher.FlushAsync(Ct);

        Assert.All(_results, r =>
        {
            Assert.False(r.Applied);
            Assert.Contains("applying the label failed: disk full", r.Reason, StringComparison.Ordinal);
        });
        Assert.Equal(2, Summary().FailureCount);
    }

    [Fact]
    public async Task Dry_run_never_touches_the_mailbox()
    {
        using var batcher = Batcher(dryRun: true);

        await batcher.AddAsync(Message("1"), Llm("Work"), Ct);
        await batcher.FlushAsync(Ct);

        var result = Assert.Single(_results);
        Assert.Equal(("Work", false), (result.Label, result.Applied));
        _mailbox.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Message_without_label_is_reported_and_not_applied()
    {
        using var batcher = Batcher();

        await batcher.AddAsync(Message("1"), Decision.Failed("LLM server error"), Ct);
        await batcher.AddAsync(Message("2"), Decision.Failed("left for an LLM") with { NeedsLlm = true }, Ct);
        await batcher.FlushAsync(Ct);

        Assert.Equal(["failed", "failed"], _results.Select(r => r.Source));
        Assert.Equal("1", Assert.Single(Summary().Failures).Id);
        _mailbox.VerifyNoOtherCalls();
    }
}
