using EmailTriage.Classification;

namespace EmailTriage.Triage;

/// <summary>Thread-safe counts for a run; keeps no message content, so memory stays flat on big mailboxes.</summary>
internal sealed class TriageTally
{
    private const int FailuresKept = 200;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _perLabel = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<DecisionSource, int> _perSource = [];
    private readonly List<MessageFailure> _failures = [];
    private int _classified;
    private int _applied;
    private int _leftForLlm;
    private int _failureCount;
    private LlmUsage _usage;

    public void Decided(Decision decision)
    {
        lock (_lock)
        {
            _usage += decision.Usage;
            _perSource[decision.Source] = _perSource.GetValueOrDefault(decision.Source) + 1;
            if (decision.NeedsLlm)
            {
                _leftForLlm++;
            }
            else
            {
                _classified++;
            }
        }
    }

    /// <summary>LLM calls that ended in an error: no decision, but they were sent.</summary>
    public void Spent(LlmUsage usage)
    {
        lock (_lock)
        {
            _usage += usage;
        }
    }

    public void Finished(MessageResult result, bool dryRun)
    {
        lock (_lock)
        {
            if (result.Applied && result.Label is not null)
            {
                _applied++;
            }

            if (result.Label is not null && (result.Applied || dryRun))
            {
                _perLabel[result.Label] = _perLabel.GetValueOrDefault(result.Label) + 1;
            }
        }
    }

    public void Failed(string id, string reason)
    {
        lock (_lock)
        {
            _failureCount++;
            if (_failures.Count < FailuresKept)
            {
                _failures.Add(new MessageFailure(id, reason));
            }
        }
    }

    public TriageSummary ToSummary(string mailbox, bool dryRun, int candidates, int notStarted, TimeSpan elapsed, LlmException? stop)
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
                LeftForLlm = _leftForLlm,
                NotStarted = notStarted,
                Failures = [.. _failures],
                FailureCount = _failureCount,
                Usage = _usage,
                Elapsed = elapsed,
                StoppedBecause = stop?.Message,
                StopFailure = stop?.Failure,
            };
        }
    }
}
