using System.Threading.Channels;
using EmailTriage.Core.Tests.Support;
using EmailTriage.Labels;
using EmailTriage.Mailboxes;
using EmailTriage.Triage;
using EmailTriage.Watching;
using Microsoft.Extensions.Time.Testing;

namespace EmailTriage.Core.Tests.Watching;

/// <summary>The watch loop over a real folder mailbox and runner, with the clock in the test's hands.</summary>
public sealed class MailboxWatchTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _time = new();
    private readonly TriageHarness _harness = new(llmBaseUrl: null);
    private readonly Channel<WatchEvent> _events = Channel.CreateUnbounded<WatchEvent>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task A_folder_is_polled_at_the_interval_and_new_mail_is_labelled_then()
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var watch = WatchAsync(_harness.Mailbox(), new PollingWaiter(TimeSpan.FromSeconds(60), _time), stop.Token);
        Assert.Equal(0, (await NextAsync<WatchEvent.RunCompleted>()).Summary.Candidates);
        await NextAsync<WatchEvent.Waiting>();

        _harness.Add("statement.eml", new Eml { From = "statements@bank.example", Subject = "Your statement" });
        _time.Advance(TimeSpan.FromSeconds(59));
        var early = _events.Reader.TryPeek(out _);
        _time.Advance(TimeSpan.FromSeconds(1));
        var run = await NextAsync<WatchEvent.RunCompleted>();
        await stop.CancelAsync();

        Assert.False(early);
        Assert.Equal((1, 1), (run.Summary.Candidates, run.Summary.Applied));
        Assert.Equal("Finance", Assert.Single(_harness.Record()).Label);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watch.WaitAsync(Timeout, Ct));
    }

    [Fact]
    public async Task An_unreachable_server_is_tried_again_after_doubling_delays_and_the_back_off_resets_after_a_run()
    {
        var mailbox = new FlakyMailbox(_harness.Mailbox(), failures: 3);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var watch = WatchAsync(mailbox, new PollingWaiter(TimeSpan.FromSeconds(60), _time), stop.Token);

        var delays = new List<(TimeSpan Delay, bool First)>();
        for (var i = 0; i < 3; i++)
        {
            var retry = await NextAsync<WatchEvent.Retrying>();
            delays.Add((retry.Delay, retry.FirstOfOutage));
            _time.Advance(retry.Delay);
        }

        await NextAsync<WatchEvent.RunCompleted>();
        await NextAsync<WatchEvent.Waiting>();
        mailbox.FailNext(1);
        _time.Advance(TimeSpan.FromSeconds(60));
        var afterReset = await NextAsync<WatchEvent.Retrying>();
        await stop.CancelAsync();

        Assert.Equal([(TimeSpan.FromSeconds(1), true), (TimeSpan.FromSeconds(2), false), (TimeSpan.FromSeconds(4), false)], delays);
        Assert.Equal((TimeSpan.FromSeconds(1), true), (afterReset.Delay, afterReset.FirstOfOutage));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watch.WaitAsync(Timeout, Ct));
    }

    [Fact]
    public void The_back_off_doubles_up_to_five_minutes()
    {
        var backoff = new ReconnectBackoff(ReconnectBackoff.DefaultFirst, ReconnectBackoff.DefaultLongest);

        var delays = Enumerable.Range(0, 12).Select(_ => backoff.Next().TotalSeconds).ToList();

        Assert.Equal([1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300], delays);
    }

    private Task WatchAsync(IMailbox mailbox, IMailWaiter waiter, CancellationToken cancellationToken) =>
        Task.Run(() => _harness.Get<MailboxWatch>().RunAsync(mailbox, waiter, new TriageRequest(), new WatchTiming(TimeSpan.FromSeconds(60)), e => _events.Writer.TryWrite(e), cancellationToken), cancellationToken);

    private async Task<T> NextAsync<T>()
        where T : WatchEvent
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(Timeout);
        while (true)
        {
            if (await _events.Reader.ReadAsync(timeout.Token) is T wanted)
            {
                return wanted;
            }
        }
    }

    /// <summary>A folder mailbox whose server is "down" for the next few opens.</summary>
    private sealed class FlakyMailbox(FolderMailbox inner, int failures) : IMailbox
    {
        private int _failures = failures;

        public string Description => inner.Description;

        public void FailNext(int count) => Interlocked.Exchange(ref _failures, count);

        public Task<string> IdentifyAsync(CancellationToken cancellationToken) => inner.IdentifyAsync(cancellationToken);

        public Task<IMailboxSession> OpenAsync(MailboxRun run, CancellationToken cancellationToken) =>
            Interlocked.Decrement(ref _failures) >= 0
                ? throw new MailboxUnavailableException("The test server is down.")
                : inner.OpenAsync(run, cancellationToken);
    }
}
