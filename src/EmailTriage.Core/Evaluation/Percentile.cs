namespace EmailTriage.Evaluation;

/// <summary>Nearest-rank percentiles: always a value that was measured, never an interpolation between two.</summary>
internal static class Percentile
{
    /// <summary>The smallest value with at least <paramref name="percent"/> % of the values at or below it; null for no values.</summary>
    public static TimeSpan? NearestRank(IEnumerable<TimeSpan> values, double percent)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(percent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return null;
        }

        var rank = (int)Math.Ceiling(percent / 100 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }
}
