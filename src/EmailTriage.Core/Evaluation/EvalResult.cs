namespace EmailTriage.Evaluation;

/// <summary>Everything one evaluation found, with what it ran on: what the CLI prints, writes as JSON and reports.</summary>
public sealed record EvalResult
{
    public required string Mailbox { get; init; }

    /// <summary>Labelled messages in the mailbox; more than <see cref="EvalScores.Messages"/> when --sample chose a subset.</summary>
    public int Available { get; init; }

    public int? Sample { get; init; }

    public int Seed { get; init; }

    public required string Model { get; init; }

    public required string Endpoint { get; init; }

    public required string LabelFile { get; init; }

    /// <summary>LLM_PRICE_PER_MTOK as understood, or null.</summary>
    public string? Price { get; init; }

    public double ElapsedSeconds { get; init; }

    /// <summary>LLM decisions per server that gave them (<c>model@host:port</c>), when several servers or a fallback provider answered.</summary>
    public IReadOnlyDictionary<string, int> PerProvider { get; init; } = new Dictionary<string, int>();

    public required EvalScores Scores { get; init; }

    /// <summary>Per source (rule, learned, llm, fallback, failed, deferred): count and correct, as <c>sources.llm.count</c> in JSON.</summary>
    public IReadOnlyDictionary<string, SourceScore> Sources => Scores.Sources;

    /// <summary>The learned model's training and, for a replay, its learning curve; null when no model took part.</summary>
    public LearningFigures? Learning { get; init; }

    /// <summary>Every message given a label other than its truth, or failed, by id; a deferred message (left for an LLM) is not wrong, and is not listed.</summary>
    public IReadOnlyList<EvalOutcome> Misclassified { get; init; } = [];

    public static EvalResult From(EvalRun run, TokenPrice? price) => new()
    {
        Mailbox = run.Set.Description,
        Available = run.Set.Available,
        Sample = run.Set.Sample,
        Seed = run.Set.Seed,
        Model = run.Model,
        Endpoint = run.Endpoint,
        LabelFile = run.Labels.SourcePath,
        Price = price?.ToString(),
        ElapsedSeconds = run.Summary.Elapsed.TotalSeconds,
        PerProvider = run.Summary.PerProvider,
        Scores = EvalMetrics.Compute(run.Outcomes, run.Labels, run.Summary.Usage, price),
        Learning = run.Learning,
        Misclassified = [.. run.Outcomes.Where(o => !o.IsCorrect && o.Source != Classification.DecisionSourceNames.Deferred)],
    };
}
