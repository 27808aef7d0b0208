using EmailTriage.Classification;

namespace EmailTriage.Triage;

/// <summary>
/// The counts of a run, summed from message outcomes only (plus LLM calls that failed without one); thread-safe, and
/// keeps no message content, so memory stays flat on big mailboxes.
/// </summary>
internal sealed class TriageTally(bool dryRun)
{
    private const int FailuresKept = 200;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _perLabel = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<DecisionSource, int> _perSource = [];
    private readonly Dictionary<OutcomeStatus, int> _perStatus = [];
    private readonly Dictionary<string, int> _perProvider = new(StringComparer.Ordinal);
    private readonly List<MessageFailure> _failures = [];
    private readonly List<MessageFailure> _skipped = [];
    private int _outcomes;
    private LlmUsage _usage;

    public void Add(MessageOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        lock (_lock)
        {
            _outcomes++;
            _usage += outcome.Usage;
            _perStatus[outcome.Status] = _perStatus.GetValueOrDefault(outcome.Status) + 1;
            if (outcome.Status == OutcomeStatus.Failed)
            {
                Keep(_failures, outcome);
            }
            else if (outcome.Status == OutcomeStatus.Skipped)
            {
                Keep(_skipped, outcome);
            }

            // A message the listing could not hand over reached no source.
            if (outcome.Decision is not { } decision)
            {
                return;
            }

            _perSource[decision.Source] = _perSource.GetValueOrDefault(decision.Source) + 1;
            if (decision.Source == DecisionSource.Llm && decision.Provider is { } provider)
            {
                _perProvider[provider] = _perProvider.GetValueOrDefault(provider) + 1;
            }

            if (outcome.Label is { } label && (outcome.Applied || dryRun))
            {
                _perLabel[label] = _perLabel.GetValueOrDefault(label) + 1;
            }
        }
    }

    /// <summary>LLM calls that ended in an error that stopped the run: no outcome, but they were sent.</summary>
    public void Spent(LlmUsage usage)
    {
        lock (_lock)
        {
            _usage += usage;
        }
    }

    public TriageSummary ToSummary(string mailbox, int candidates, TimeSpan elapsed, LlmException? stop)
    {
        lock (_lock)
        {
            var deferred = _perStatus.GetValueOrDefault(OutcomeStatus.Deferred);
            return new TriageSummary
            {
                Mailbox = mailbox,
                DryRun = dryRun,
                Candidates = candidates,
                Classified = _perSource.Where(s => s.Key != DecisionSource.Deferred).Sum(s => s.Value),
                Applied = _perStatus.GetValueOrDefault(OutcomeStatus.Labelled),
                PerLabel = new Dictionary<string, int>(_perLabel, StringComparer.OrdinalIgnoreCase),
                PerSource = new Dictionary<DecisionSource, int>(_perSource),
                PerProvider = new Dictionary<string, int>(_perProvider, StringComparer.Ordinal),
                LeftForLlm = deferred,
                NotStarted = Math.Max(0, candidates - _outcomes),
                Failures = [.. _failures],
                FailureCount = _perStatus.GetValueOrDefault(OutcomeStatus.Failed),
                Skipped = [.. _skipped],
                SkippedCount = _perStatus.GetValueOrDefault(OutcomeStatus.Skipped),
                Usage = _usage,
                Elapsed = elapsed,
                StoppedBecause = stop?.Message,
                StopFailure = stop?.Failure,
            };
        }
    }

    private static void Keep(List<MessageFailure> kept, MessageOutcome outcome)
    {
        if (kept.Count < FailuresKept)
        {
            kept.Add(new MessageFailure(outcome.Id, outcome.Reason) { Skipped = outcome.Status == OutcomeStatus.Skipped });
        }
    }
}
