using System.Text;
using EmailTriage.Classification;
using EmailTriage.Core.Tests.Support;
using EmailTriage.Decisions;
using EmailTriage.Mail;
using EmailTriage.State;
using EmailTriage.Triage;
using Microsoft.Extensions.Time.Testing;

namespace EmailTriage.Core.Tests.Decisions;

public sealed class DecisionLogTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private FileStateStore Store => new(_workspace.PathOf("state"));

    public void Dispose() => _workspace.Dispose();

    private static MailMessage Message(string id) => new() { Id = id, From = "Ana <ana@example.com>", Subject = $"Subject {id}" };

    private static Decision Paid(string label) => new(label, DecisionSource.Llm, "llm: m") { Usage = new LlmUsage(1, 100, 3), Provider = "m@h:1", Model = "m", Answer = label };

    [Fact]
    public async Task A_decision_paid_for_and_never_applied_is_pending_until_its_outcome_is_written()
    {
        using var log = new DecisionLog(Store, _time);
        await log.AppendAsync([DecisionEntry.Decided("r1", _time.GetUtcNow(), Message("a"), Paid("Work")), DecisionEntry.Decided("r1", _time.GetUtcNow(), Message("b"), Paid("Finance"))], Ct);
        await log.AppendAsync([DecisionEntry.Final("r1", _time.GetUtcNow(), MessageOutcome.Written(Message("a"), Paid("Work"), applied: true))], Ct);

        var pending = await log.PendingAsync(TimeSpan.FromDays(7), Ct);

        var b = Assert.Single(pending).Value;
        Assert.Equal(("b", "Finance", DecisionSource.Llm), (b.Id, b.Label, b.Source));
        var again = b.ToDecision();
        Assert.Equal(("Finance", DecisionSource.Llm, 0), (again.Label, again.Source, again.Usage.Calls));
        Assert.Contains("decided by run r1", again.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_line_cut_short_by_a_kill_is_skipped_and_the_lines_around_it_count()
    {
        using (var first = new DecisionLog(Store, _time))
        {
            await first.AppendAsync([DecisionEntry.Decided("r1", _time.GetUtcNow(), Message("a"), Paid("Work"))], Ct);
        }

        // The run was killed in the middle of its next line.
        await Store.AppendAsync("decisions-2026-12-06.jsonl", Encoding.UTF8.GetBytes("{\"kind\":\"Decided\",\"at\":\"2026-12-0"), Ct);
        using var next = new DecisionLog(Store, _time);
        await next.AppendAsync([DecisionEntry.Decided("r2", _time.GetUtcNow(), Message("b"), Paid("Work"))], Ct);

        var lines = await next.ReadAsync(_time.GetUtcNow().AddDays(-1), Ct).ToListAsync(Ct);

        Assert.Equal(["a", "b"], lines.Select(l => l.Id));
    }

    [Fact]
    public async Task Days_older_than_the_setting_are_removed_whole_and_the_rest_kept()
    {
        using var log = new DecisionLog(Store, _time, keepDays: 30);
        for (var day = 0; day < 40; day += 10)
        {
            await log.AppendAsync([DecisionEntry.Decided("r", _time.GetUtcNow(), Message($"m{day}"), Paid("Work"))], Ct);
            _time.Advance(TimeSpan.FromDays(10));
        }

        await log.PruneAsync(Ct);

        var kept = await Store.ListAsync(DecisionLog.ItemPrefix, Ct).ToListAsync(Ct);
        Assert.Equal(["decisions-2026-12-16.jsonl", "decisions-2026-12-26.jsonl", "decisions-2027-01-05.jsonl"], kept.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_log_holds_the_why_of_each_decision_and_never_a_body()
    {
        using var log = new DecisionLog(Store, _time);
        var message = Message("a") with { Body = "The secret body of the message." };
        var decision = new Decision("Work", DecisionSource.Learned, "learned: sender") { Confidence = 0.97, Gate = 0.9, Likely = ["Work", "Finance"] };

        await log.AppendAsync([DecisionEntry.Final("r1", _time.GetUtcNow(), MessageOutcome.Written(message, decision, applied: true))], Ct);

        var text = await File.ReadAllTextAsync(Path.Combine(_workspace.PathOf("state"), "decisions-2026-12-06.jsonl"), Ct);
        Assert.DoesNotContain("secret body", text, StringComparison.Ordinal);
        var line = Assert.Single(await log.ReadAsync(_time.GetUtcNow().AddHours(-1), Ct).ToListAsync(Ct));
        Assert.Equal(("Work", 0.97, 0.9, true), (line.Label, line.Confidence, line.Gate, line.Applied));
        Assert.Equal(["Work", "Finance"], line.Likely);
        Assert.Equal("Subject a", line.Subject);
    }
}
