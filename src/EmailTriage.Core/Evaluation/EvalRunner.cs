using System.Collections.Concurrent;
using EmailTriage.Classification;
using EmailTriage.Labels;
using EmailTriage.Triage;
using Microsoft.Extensions.Logging;

namespace EmailTriage.Evaluation;

/// <summary>
/// Measures the configured pipeline on a truth set: a dry run of the ordinary <see cref="TriageRunner"/>, so rules,
/// prompts, LLM_MAX_CONCURRENCY and failure handling are exactly those of triage, and nothing is written anywhere.
/// </summary>
public sealed partial class EvalRunner(TriageRunner runner, LabelConfigLoader labelLoader, ClassifierFactory classifiers, ILogger<EvalRunner> logger)
{
    public async Task<EvalRun> RunAsync(EvalSet set, IProgress<TriageProgress>? progress, CancellationToken cancellationToken)
    {
        // Without an LLM every message the rules miss is "waiting", which measures nothing useful.
        var primary = classifiers.RequireProviders().Primary;
        var labels = labelLoader.Load();
        var truths = set.TruthsFor(labels);
        LogStarting(logger, set.Messages.Count, set.Description, primary.Model);

        var results = new ConcurrentQueue<MessageResult>();
        var request = new TriageRequest { DryRun = true, OnResult = results.Enqueue, Progress = progress };
        var summary = await runner.RunAsync(new TruthMailbox(set), request, cancellationToken);

        var outcomes = results
            .Select(r => new EvalOutcome(r.Id, r.From, r.Subject, truths[r.Id], r.Label, r.Source, r.Reason) { LlmCallDurations = r.LlmCallDurations })
            .OrderBy(o => o.Id, StringComparer.Ordinal)
            .ToList();
        var correct = outcomes.Count(o => o.IsCorrect);
        LogFinished(logger, correct, outcomes.Count, summary.Elapsed.TotalSeconds, summary.Usage.Calls);
        return new EvalRun(set, labels, primary.Model, primary.DisplayEndpoints, outcomes, summary);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Evaluating {Count} messages of {Mailbox} with {Model}")]
    private static partial void LogStarting(ILogger logger, int count, string mailbox, string model);

    [LoggerMessage(Level = LogLevel.Information, Message = "Evaluation finished: {Correct} of {Count} right in {Seconds:0.0} s with {Calls} LLM calls")]
    private static partial void LogFinished(ILogger logger, int correct, int count, double seconds, int calls);
}
