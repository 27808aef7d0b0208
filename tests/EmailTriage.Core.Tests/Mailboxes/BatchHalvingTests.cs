using EmailTriage.Mailboxes;

namespace EmailTriage.Core.Tests.Mailboxes;

public sealed class BatchHalvingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task One_item_that_always_fails_costs_only_itself_and_the_rest_succeed_in_order()
    {
        var done = new List<int>();
        var calls = new List<int[]>();

        var failed = await BatchHalving.RunAsync(
            Enumerable.Range(1, 50).ToList(),
            part =>
            {
                calls.Add([.. part]);
                if (part.Contains(17))
                {
                    throw new IOException("item 17 cannot be read");
                }

                done.AddRange(part);
                return Task.CompletedTask;
            },
            ex => ex is IOException,
            Ct);

        var (item, error) = Assert.Single(failed);
        Assert.Equal(17, item);
        Assert.Equal("item 17 cannot be read", error.Message);
        Assert.Equal(Enumerable.Range(1, 50).Where(n => n != 17), done);

        // Halving: about two calls per level down to the item (log2 50 = 6 levels), not one call per item.
        Assert.InRange(calls.Count, 8, 14);
        Assert.Equal(1, calls.Count(c => c.SequenceEqual([17])));
    }

    [Fact]
    public async Task A_batch_of_one_that_fails_once_is_tried_again_and_a_failure_only_once_loses_nothing()
    {
        var attempts = 0;
        var done = new List<string>();

        var failed = await BatchHalving.RunAsync(
            ["only"],
            part =>
            {
                if (++attempts == 1)
                {
                    throw new IOException("the network, once");
                }

                done.AddRange(part);
                return Task.CompletedTask;
            },
            ex => ex is IOException,
            Ct);

        Assert.Empty(failed);
        Assert.Equal(["only"], done);
        Assert.Equal(2, attempts);
    }

    [Fact]
    public async Task Every_item_failing_is_reported_each_after_failing_alone()
    {
        var alone = new List<int>();

        var failed = await BatchHalving.RunAsync(
            [1, 2, 3, 4, 5],
            part =>
            {
                if (part.Count == 1)
                {
                    alone.Add(part[0]);
                }

                throw new IOException("refused");
            },
            ex => ex is IOException,
            Ct);

        Assert.Equal([1, 2, 3, 4, 5], failed.Select(f => f.Item));
        Assert.Equal([1, 2, 3, 4, 5], alone);
    }

    [Fact]
    public async Task Once_the_failed_attempts_allowed_are_spent_every_item_not_done_is_reported_failed_in_order()
    {
        var calls = 0;
        var done = new List<int>();

        var failed = await BatchHalving.RunAsync(
            Enumerable.Range(1, 16).ToList(),
            part =>
            {
                calls++;
                if (part.Contains(3) || part.Contains(12))
                {
                    throw new IOException("refused");
                }

                done.AddRange(part);
                return Task.CompletedTask;
            },
            ex => ex is IOException,
            Ct,
            maxFailedAttempts: 4);

        // [1..16] fails, [1..8] fails, [1..4] fails, [1,2] is done, [3,4] fails: the fourth failure; the rest is not tried.
        Assert.Equal([1, 2], done);
        Assert.Equal(Enumerable.Range(3, 14), failed.Select(f => f.Item));
        Assert.Equal(5, calls);
    }

    [Fact]
    public async Task An_error_that_is_not_a_part_failure_stops_at_once_and_reaches_the_caller()
    {
        var calls = 0;

        await Assert.ThrowsAsync<InvalidOperationException>(() => BatchHalving.RunAsync(
            Enumerable.Range(1, 8).ToList(),
            part =>
            {
                calls++;
                throw calls == 1 ? new IOException("this part") : new InvalidOperationException("the server is gone");
            },
            ex => ex is IOException,
            Ct));

        Assert.Equal(2, calls);
    }
}
