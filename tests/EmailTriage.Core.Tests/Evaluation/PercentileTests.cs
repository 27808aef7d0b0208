using EmailTriage.Evaluation;

namespace EmailTriage.Core.Tests.Evaluation;

public sealed class PercentileTests
{
    private static TimeSpan[] Ms(params int[] values) => [.. values.Select(v => TimeSpan.FromMilliseconds(v))];

    [Theory]
    [InlineData(50, 30)]
    [InlineData(95, 50)]
    [InlineData(100, 50)]
    [InlineData(1, 10)]
    [InlineData(20, 10)]
    [InlineData(21, 20)]
    public void Nearest_rank_picks_a_measured_value(double percent, int expectedMs)
    {
        // Five values: rank = ceil(p/100 x 5).
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), Percentile.NearestRank(Ms(50, 10, 40, 20, 30), percent));
    }

    [Fact]
    public void Ties_give_the_tied_value()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(100), Percentile.NearestRank(Ms(100, 100, 100, 200), 50));
        Assert.Equal(TimeSpan.FromMilliseconds(200), Percentile.NearestRank(Ms(100, 100, 100, 200), 95));
    }

    [Fact]
    public void One_value_is_every_percentile()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(7), Percentile.NearestRank(Ms(7), 50));
        Assert.Equal(TimeSpan.FromMilliseconds(7), Percentile.NearestRank(Ms(7), 95));
    }

    [Fact]
    public void No_values_give_no_percentile()
    {
        Assert.Null(Percentile.NearestRank([], 50));
    }
}
