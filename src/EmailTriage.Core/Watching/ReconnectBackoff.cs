namespace EmailTriage.Watching;

/// <summary>How long to wait before trying an unreachable server again: doubling from the first delay up to the longest, reset after a success.</summary>
internal sealed class ReconnectBackoff(TimeSpan first, TimeSpan longest)
{
    public static readonly TimeSpan DefaultFirst = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan DefaultLongest = TimeSpan.FromMinutes(5);

    private TimeSpan? _last;

    /// <summary>True between a failure and the next success: one outage, logged once.</summary>
    public bool InOutage => _last is not null;

    public TimeSpan Next()
    {
        var next = _last is { } last ? TimeSpan.FromTicks(Math.Min(last.Ticks * 2, longest.Ticks)) : first;
        _last = next;
        return next;
    }

    public void Reset() => _last = null;
}
