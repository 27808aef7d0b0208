using EmailTriage.Azure.Tests.Support;
using EmailTriage.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EmailTriage.Azure.Tests;

/// <summary>
/// src/EmailTriage.Azure/MailboxLease.cs: a lease that cannot be renewed stops its holder before the service could give it
/// to another run. Azurite sits behind a relay that goes silent (requests hang, nothing fails); the lease's clock is a
/// <see cref="FakeTimeProvider"/>, so the test decides what time it is, whatever the machine's load.
/// </summary>
public sealed class MailboxLeaseTests(Azurite azurite)
{
    private static readonly LeaseTiming Timing = LeaseTiming.For(TimeSpan.FromSeconds(60));

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private BlobMailboxLocks Locks(StallingRelay relay, FakeTimeProvider time, RecordingLogger<BlobMailboxLocks> logger)
    {
        var container = Azurite.NewContainerName();
        var account = azurite.Server.ConnectionStringThrough(relay.Port);
        return new(
            Azurite.Clients(account, container),
            Options.Create(new StorageOptions { Account = account, StateContainer = container, LeaseSeconds = 60 }),
            time,
            logger);
    }

    [Fact]
    public async Task A_lease_whose_renewals_hang_is_lost_before_it_could_expire_and_says_why()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var logger = new RecordingLogger<BlobMailboxLocks>();
        await using var relay = new StallingRelay(azurite.Server.BlobPort);
        await using var held = await Locks(relay, time, logger).AcquireLeaseAsync(new NamedMailbox("gmail me@example.com"), Cancel);
        try
        {
            relay.Stall();
            time.Advance(Timing.RenewEvery);
            await relay.WhenHoldingAsync(Cancel);

            // The renewal hangs, its retry hangs too: up to the last instant of the proof the lease still counts as held.
            time.Advance(Timing.Proven - Timing.RenewEvery - TimeSpan.FromMilliseconds(1));
            Assert.Null(held.LostBecause);
            Assert.False(held.Lost.IsCancellationRequested);

            // Then it is lost at once, with requests still waiting, a quarter of the lease before the service could let it go.
            time.Advance(TimeSpan.FromMilliseconds(1));
            Assert.True(held.Lost.IsCancellationRequested);
            Assert.Contains("could not be renewed for 45 s", held.LostBecause, StringComparison.Ordinal);
            Assert.Contains(BlobMailboxLocks.LockBlobName, held.LostBecause, StringComparison.Ordinal);
            Assert.Contains(logger.Messages, m => m.StartsWith("Lost the lease on ", StringComparison.Ordinal));
        }
        finally
        {
            // The lease is released on dispose, through a relay that talks again.
            relay.Resume();
        }
    }

    [Fact]
    public async Task A_renewal_that_hangs_is_given_up_within_its_deadline_and_the_next_try_keeps_the_lease()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var logger = new RecordingLogger<BlobMailboxLocks>();
        await using var relay = new StallingRelay(azurite.Server.BlobPort);
        await using var held = await Locks(relay, time, logger).AcquireLeaseAsync(new NamedMailbox("gmail me@example.com"), Cancel);
        try
        {
            relay.Stall();
            time.Advance(Timing.RenewEvery);
            await relay.WhenHoldingAsync(Cancel);

            time.Advance(Timing.RenewTimeout);
            await logger.WhenLoggedAsync("no answer within 10 s", Cancel);
            relay.Resume();
            time.Advance(Timing.RetryAfter);
            await logger.WhenLoggedAsync("Renewed the lease on ", Cancel);

            // Past the proof the acquisition gave: the retry's own proof holds the lease.
            time.Advance(Timing.Proven - Timing.RenewEvery - Timing.RenewTimeout - Timing.RetryAfter + TimeSpan.FromSeconds(5));
            Assert.Null(held.LostBecause);
            Assert.False(held.Lost.IsCancellationRequested);
        }
        finally
        {
            relay.Resume();
        }
    }
}
