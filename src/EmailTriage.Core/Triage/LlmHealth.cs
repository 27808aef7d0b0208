using EmailTriage.Classification;

namespace EmailTriage.Triage;

/// <summary>How the LLM is doing this run, across the parallel workers: failures in a row, and the error that stopped it.</summary>
internal sealed class LlmHealth
{
    private int _consecutiveFailures;
    private LlmException? _stop;

    public LlmException? StopReason => Volatile.Read(ref _stop);

    public void Succeeded() => Interlocked.Exchange(ref _consecutiveFailures, 0);

    public int FailedAgain() => Interlocked.Increment(ref _consecutiveFailures);

    /// <summary>True for the first caller only, so the reason is logged once.</summary>
    public bool Stop(LlmException reason) => Interlocked.CompareExchange(ref _stop, reason, null) is null;
}
