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
    private readonly Dictionary<string, int> _perProvider = new(StringComparer.Ordinal);
    private readonly List<MessageFailure> _failures = [];
    private int _outcomes;
    private int _classified;
    private int _applied;
    private int _failureCount;
    private LlmUsage _usage;

    public void Add(MessageResult outcome)
    {
        var source = DecisionSourceNames.Parse(outcome.Source);
        var failed = source == DecisionSource.Failed || (outcome.Label is not null && !outcome.Applied && !dryRun);
        lock (_lock)
        {
            _outcomes++;
            _usage += outcome.Usage;
            if (!outcome.Fetched)
            {
                // The listing could not hand it over: a failure, but no source decided anything.
                AddFailure(outcome);
                return;
            }

            _perSource[source] = _perSource.GetValueOrDefault(source) + 1;
            if (source != DecisionSource.Deferred)
            {
                _classified++;
            }

            if (source == DecisionSource.Llm && outcome.Provider is { } provider)
            {
                _perProvider[provider] = _perProvider.GetValueOrDefault(provider) + 1;
            }

            if (outcome.Label is not null && outcome.Applied)
            {
                _applied++;
            }

            if (outcome.Label is not null && (outcome.Applied || dryRun))
            {
                _perLabel[outcome.Label] = _perLabel.GetValueOrDefault(outcome.Label) + 1;
            }

            if (failed)
            {
                AddFailure(outcome);
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
            return new TriageSummary
            {
                Mailbox = mailbox,
                DryRun = dryRun,
                Candidates = candidates,
                Classified = _classified,
                Applied = _applied,
                PerLabel = new Dictionary<string, int>(_perLabel, StringComparer.OrdinalIgnoreCase),
                PerSource = new Dictionary<DecisionSource, int>(_perSource),
                PerProvider = new Dictionary<string, int>(_perProvider, StringComparer.Ordinal),
                LeftForLlm = _perSource.GetValueOrDefault(DecisionSource.Deferred),
                NotStarted = Math.Max(0, candidates - _outcomes),
                Failures = [.. _failures],
                FailureCount = _failureCount,
                Usage = _usage,
                Elapsed = elapsed,
                StoppedBecause = stop?.Message,
                StopFailure = stop?.Failure,
            };
        }
    }

    private void AddFailure(MessageResult outcome)
    {
        _failureCount++;
        if (_failures.Count < FailuresKept)
        {
            _failures.Add(new MessageFailure(outcome.Id, outcome.Reason));
        }
    }
}
