using System.Threading.Channels;
using EmailTriage.Imap.Tests.Support;
using EmailTriage.Testing;
using EmailTriage.Triage;
using EmailTriage.Watching;
using MailKit;
using MailKit.Search;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace EmailTriage.Imap.Tests;

/// <summary><c>watch</c> on a real Dovecot: IDLE wakes a run, polling where IDLE is missing, a dropped connection comes back.</summary>
public sealed class ImapWatchTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    // Everything in these tests that polls does it quickly; where IDLE should wake the run, polling never would in time.
    private static readonly TimeSpan NeverInTime = TimeSpan.FromHours(1);

    // Dovecot's own capabilities with IDLE left out.
    private const string NoIdle = "imap_capability = IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE SORT THREAD=REFERENCES MULTIAPPEND UNSELECT CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED I18NLEVEL=1 CONDSTORE QRESYNC ESEARCH SEARCHRES LIST-STATUS MOVE SPECIAL-USE LITERAL+";

    private readonly string _folder = Directory.CreateTempSubdirectory("imap-watch-").FullName;
    private readonly Channel<WatchEvent> _events = Channel.CreateUnbounded<WatchEvent>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Idle_wakes_a_run_that_files_a_message_appended_after_the_watch_started_and_cancelling_stops_it()
    {
        await using var dovecot = await DovecotServer.StartAsync(Ct);
        using var services = Services(dovecot.Port);
        var mailbox = services.GetRequiredService<ImapMailboxFactory>().Create();
        await using var waiter = (ImapIdleWaiter)mailbox.CreateWaiter(NeverInTime, TimeProvider.System);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var watch = WatchAsync(services, mailbox, waiter, stop.Token);
        Assert.Equal(0, (await NextAsync<WatchEvent.RunCompleted>()).Summary.Candidates);
        await NextAsync<WatchEvent.Waiting>();

        await AppendAsync(dovecot, ImapTestAccount.Mail(1, "billing@shop.example"));
        var run = await NextAsync<WatchEvent.RunCompleted>();
        await stop.CancelAsync();

        Assert.Equal((1, 1), (run.Summary.Candidates, run.Summary.Applied));
        Assert.Equal(1, await CountAsync(dovecot, "Shopping/Receipts"));
        Assert.Equal(0, await CountAsync(dovecot, "INBOX"));
        Assert.True(waiter.IdleCount >= 1);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watch.WaitAsync(Timeout, Ct));
    }

    [Fact]
    public async Task Without_idle_the_folder_is_polled_at_the_interval()
    {
        await using var dovecot = await DovecotServer.StartAsync(Ct, NoIdle);
        using var services = Services(dovecot.Port);
        var mailbox = services.GetRequiredService<ImapMailboxFactory>().Create();
        await using var waiter = (ImapIdleWaiter)mailbox.CreateWaiter(TimeSpan.FromMilliseconds(200), TimeProvider.System);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var watch = WatchAsync(services, mailbox, waiter, stop.Token);
        await NextAsync<WatchEvent.Waiting>();

        await AppendAsync(dovecot, ImapTestAccount.Mail(1, "billing@shop.example"));
        var run = await NextAsync<WatchEvent.RunCompleted>(r => r.Summary.Applied > 0);
        await stop.CancelAsync();

        Assert.Equal(1, run.Summary.Applied);
        Assert.Equal(1, await CountAsync(dovecot, "Shopping/Receipts"));
        Assert.Equal(0, waiter.IdleCount);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watch.WaitAsync(Timeout, Ct));
    }

    [Fact]
    public async Task A_dropped_connection_is_made_again_with_back_off_and_the_watch_goes_on()
    {
        await using var dovecot = await DovecotServer.StartAsync(Ct);
        await using var relay = new TcpRelay(dovecot.Port);
        using var services = Services(relay.Port);
        var mailbox = services.GetRequiredService<ImapMailboxFactory>().Create();
        await using var waiter = mailbox.CreateWaiter(NeverInTime, TimeProvider.System);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var watch = WatchAsync(services, mailbox, waiter, stop.Token);
        await NextAsync<WatchEvent.Waiting>();

        relay.Cut(refuse: true);
        var first = await NextAsync<WatchEvent.Retrying>();
        var second = await NextAsync<WatchEvent.Retrying>();
        relay.Accept();
        await NextAsync<WatchEvent.Waiting>();
        await AppendAsync(dovecot, ImapTestAccount.Mail(1, "billing@shop.example"));
        var run = await NextAsync<WatchEvent.RunCompleted>(r => r.Summary.Applied > 0);
        await stop.CancelAsync();

        Assert.Contains("dropped the watch", first.Reason, StringComparison.Ordinal);
        Assert.Equal((true, false), (first.FirstOfOutage, second.FirstOfOutage));
        Assert.Equal(first.Delay * 2, second.Delay);
        Assert.Equal(1, run.Summary.Applied);
        Assert.Equal(1, await CountAsync(dovecot, "Shopping/Receipts"));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watch.WaitAsync(Timeout, Ct));
    }

    [Fact]
    public async Task Idle_is_renewed_before_the_servers_29_minute_limit_and_still_sees_new_mail()
    {
        await using var dovecot = await DovecotServer.StartAsync(Ct);
        var time = new FakeTimeProvider();
        var options = new ImapOptions { Host = "127.0.0.1", Port = dovecot.Port, Security = "none", Username = DovecotServer.User, Password = DovecotServer.Password };
        await using var waiter = new ImapIdleWaiter(options, NeverInTime, time, NullLogger.Instance);
        var started = Channel.CreateUnbounded<int>();
        waiter.IdleStarting += () => started.Writer.TryWrite(waiter.IdleCount);
        await waiter.ReadyAsync(Ct);

        var wait = waiter.WaitAsync(Ct);
        await started.Reader.ReadAsync(Ct).AsTask().WaitAsync(Timeout, Ct);
        time.Advance(ImapIdleWaiter.IdlePeriod);
        var renewed = await started.Reader.ReadAsync(Ct).AsTask().WaitAsync(Timeout, Ct);
        var endedEarly = wait.IsCompleted;
        await AppendAsync(dovecot, ImapTestAccount.Mail(1, "billing@shop.example"));
        await wait.WaitAsync(Timeout, Ct);

        Assert.True(ImapIdleWaiter.IdlePeriod < TimeSpan.FromMinutes(29));
        Assert.Equal(2, renewed);
        Assert.False(endedEarly);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private Task WatchAsync(ServiceProvider services, ImapMailbox mailbox, IMailWaiter waiter, CancellationToken cancellationToken)
    {
        var timing = new WatchTiming(NeverInTime) { FirstRetry = TimeSpan.FromMilliseconds(100) };
        return Task.Run(() => services.GetRequiredService<MailboxWatch>().RunAsync(mailbox, waiter, new TriageRequest(), timing, e => _events.Writer.TryWrite(e), cancellationToken), cancellationToken);
    }

    private async Task<T> NextAsync<T>(Func<T, bool>? where = null)
        where T : WatchEvent
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(Timeout);
        while (true)
        {
            if (await _events.Reader.ReadAsync(timeout.Token) is T wanted && (where is null || where(wanted)))
            {
                return wanted;
            }
        }
    }

    private ServiceProvider Services(int port) => ImapTestAccount.Services(_folder, port, "folders", """
        {
          "labels": [
            { "name": "Shopping/Receipts", "description": "Invoices.", "rules": [{ "domain": "shop.example" }] },
            { "name": "Review", "description": "Everything else.", "rules": [{ "domain": "example.org" }] }
          ],
          "fallback": "Review"
        }
        """);

    private static async Task AppendAsync(DovecotServer dovecot, MimeMessage message)
    {
        using var client = await ImapTestAccount.ConnectAsync(dovecot, Ct);
        await client.Inbox.AppendAsync(message, MessageFlags.None, Ct);
    }

    private static async Task<int> CountAsync(DovecotServer dovecot, string folder)
    {
        using var client = await ImapTestAccount.ConnectAsync(dovecot, Ct);
        var mailbox = await client.GetFolderAsync(folder, Ct);
        await mailbox.OpenAsync(FolderAccess.ReadOnly, Ct);
        return (await mailbox.SearchAsync(SearchQuery.All, Ct)).Count;
    }

}
