using EmailTriage.Triage;

namespace EmailTriage.Watching;

/// <summary>What a watch did: a run ended, or the server could not be reached and the watch waits before trying again.</summary>
public abstract record WatchEvent
{
    private WatchEvent()
    {
    }

    public sealed record RunCompleted(TriageSummary Summary) : WatchEvent;

    public sealed record Retrying(string Reason, TimeSpan Delay, bool FirstOfOutage) : WatchEvent;

    public sealed record Waiting : WatchEvent;
}
