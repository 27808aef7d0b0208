namespace EmailTriage.Llm;

/// <summary>
/// How long a server that failed without answering is left alone: <see cref="First"/>, doubling up to <see cref="Longest"/>,
/// back to <see cref="First"/> once it answers. When every server rests, a request waits only for one back within <see cref="WaitAtMost"/>.
/// </summary>
internal sealed record RestPolicy(TimeSpan First, TimeSpan Longest, TimeSpan WaitAtMost)
{
    public static RestPolicy Default { get; } = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(2));

    /// <summary>With a fallback provider there is somewhere else to go at once: nobody waits for a primary server to come back.</summary>
    public static RestPolicy BesideFallback { get; } = Default with { WaitAtMost = TimeSpan.Zero };

    public TimeSpan After(TimeSpan previous) => previous <= TimeSpan.Zero ? First : TimeSpan.FromTicks(Math.Min(previous.Ticks * 2, Longest.Ticks));
}
