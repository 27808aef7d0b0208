namespace EmailTriage.Watching;

/// <summary>The intervals of a watch: how often to poll where the server cannot push, and the reconnect back-off.</summary>
public sealed record WatchTiming(TimeSpan PollInterval)
{
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(60);

    /// <summary>Less than this is unkind to a server (and to Gmail's quota) for no gain in practice.</summary>
    public static readonly TimeSpan ShortestPollInterval = TimeSpan.FromSeconds(5);

    public TimeSpan FirstRetry { get; init; } = ReconnectBackoff.DefaultFirst;

    public TimeSpan LongestRetry { get; init; } = ReconnectBackoff.DefaultLongest;
}
