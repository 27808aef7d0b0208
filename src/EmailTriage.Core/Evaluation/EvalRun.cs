using EmailTriage.Labels;
using EmailTriage.Triage;

namespace EmailTriage.Evaluation;

/// <summary>One configuration run over a truth set: every message's outcome and the runner's own summary.</summary>
public sealed record EvalRun(EvalSet Set, LabelConfig Labels, string Model, string Endpoint, IReadOnlyList<EvalOutcome> Outcomes, TriageSummary Summary)
{
    /// <summary>True when the LLM stopped the run (unreachable, refusing the key, ...): the figures would be partial.</summary>
    public bool Stopped => Summary.StopFailure is not null;

    /// <summary>What the learned model was trained on and how a replay went; null when no model took part.</summary>
    public LearningFigures? Learning { get; init; }
}
