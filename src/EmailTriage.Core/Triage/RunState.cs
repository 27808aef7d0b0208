using EmailTriage.Classification;

namespace EmailTriage.Triage;

/// <summary>Counters shared by the parallel workers.</summary>
internal sealed class RunState(Listing listing, IProgress<TriageProgress>? progress)
{
    private int _started;
    private int _done;
    private int _consecutiveFailures;
    private LlmException? _stop;

    public int StartedCount => Volatile.Read(ref _started);

    public LlmException? StopReason => Volatile.Read(ref _stop);

    public void Started() => Interlocked.Increment(ref _started);

    public void Unstarted() => Interlocked.Decrement(ref _started);

    public void Done() => progress?.Report(new TriageProgress(Interlocked.Increment(ref _done), listing.Total));

    public void Succeeded() => Interlocked.Exchange(ref _consecutiveFailures, 0);

    public int FailedAgain() => Interlocked.Increment(ref _consecutiveFailures);

    public bool Stop(LlmException reason) => Interlocked.CompareExchange(ref _stop, reason, null) is null;
}
