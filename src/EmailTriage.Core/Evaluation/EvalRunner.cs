using System.Collections.Concurrent;
using EmailTriage.Classification;
using EmailTriage.Configuration;
using EmailTriage.Filing;
using EmailTriage.Labels;
using EmailTriage.Mail;
using EmailTriage.Triage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmailTriage.Evaluation;

/// <summary>
/// Measures the configured pipeline on a truth set: a dry run of the ordinary <see cref="TriageRunner"/>, so rules,
/// prompts, LLM_MAX_CONCURRENCY and failure handling are exactly those of triage, and nothing is written anywhere.
/// With a learned split, a model is trained on the oldest mail first and the rest is measured (or replayed, see <see cref="EvalReplay"/>).
/// </summary>
public sealed partial class EvalRunner(
    TriageRunner runner,
    LabelConfigLoader labelLoader,
    ClassifierFactory classifiers,
    ModelTraining training,
    ILogger<EvalRunner> logger)
{
    // Said with the figures, so nobody takes one kind of measurement for the other.
    private const string ReplayMeasures =
        "replay: each message decided in date order, then its truth revealed as the user's filing would be; sender and thread memory " +
        "and the monitor learn it at once, the text model at its retrains (LEARNED_RETRAIN_EVERY)";

    private const string StaticMeasures =
        "static: the model as trained, learning nothing while measured (as for a user who files and corrects nothing for the whole period): " +
        "sender and thread memory stay as trained although its gate was chosen with them learning each held-out message, and no lone " +
        "decision is judged, so the monitor never pauses a label; the model's own age limits still apply (docs/learning.md)";

    public Task<EvalRun> RunAsync(EvalSet set, IProgress<TriageProgress>? progress, CancellationToken cancellationToken) =>
        RunAsync(set, EvalLearning.None, progress, cancellationToken);

    public async Task<EvalRun> RunAsync(EvalSet set, EvalLearning learning, IProgress<TriageProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(learning);

        // Without an LLM or a model every message the rules miss is "waiting", which measures nothing useful.
        var primary = learning.Trains || learning.ModelFile is not null ? classifiers.Servers : classifiers.RequireServers();
        var (model, endpoint) = primary is null ? ("none (no LLM configured)", "none") : (primary.Model, primary.DisplayEndpoints);
        var labels = labelLoader.Load();
        var truths = set.TruthsFor(labels);
        LogStarting(logger, set.Messages.Count, set.Description, model);

        if (learning.Trains)
        {
            var trained = await TrainAsync(set, learning.Split!.Value, labels, truths, cancellationToken);
            var recorder = new GuessRecorder(trained.Model);
            if (learning.Replay)
            {
                var replay = new EvalReplay(classifiers.Create(labels, recorder), recorder, logger);
                var replayed = await replay.RunAsync(trained.Measured, trained.Test, truths, progress, cancellationToken);
                return Finished(new EvalRun(trained.Measured, labels, model, endpoint, replayed.Outcomes, replayed.Summary)
                {
                    Learning = new LearningFigures
                    {
                        Split = learning.Split,
                        TrainedOn = trained.TrainedOn,
                        Replay = true,
                        Measured = ReplayMeasures,
                        Retrains = trained.Model.Retrains,
                        Curve = replayed.Curve,
                        LabelStatus = trained.Model.Report.LabelStatus,
                    },
                });
            }

            var measured = await DryRunAsync(trained.Measured, labels, truths, new TriageRequest { Model = recorder, Progress = progress }, recorder, cancellationToken);
            return Finished(measured with
            {
                Model = model,
                Endpoint = endpoint,
                Learning = new LearningFigures { Split = learning.Split, TrainedOn = trained.TrainedOn, Measured = StaticMeasures, LabelStatus = trained.Model.Report.LabelStatus },
            });
        }

        var run = await DryRunAsync(set, labels, truths, new TriageRequest { ModelFile = learning.ModelFile, Progress = progress }, null, cancellationToken);
        return Finished(run with { Model = model, Endpoint = endpoint, Learning = learning.ModelFile is null ? null : new LearningFigures { Measured = StaticMeasures } });
    }

    private async Task<EvalRun> DryRunAsync(
        EvalSet set, LabelConfig labels, IReadOnlyDictionary<string, string> truths, TriageRequest request, GuessRecorder? guesses, CancellationToken cancellationToken)
    {
        var results = new ConcurrentQueue<MessageOutcome>();
        var summary = await runner.RunAsync(new TruthMailbox(set), request with { DryRun = true, OnResult = results.Enqueue }, cancellationToken);
        var outcomes = results
            .Select(r => EvalOutcome.Of(r, truths[r.Id], guesses?.GuessFor(r.Id)))
            .OrderBy(o => o.Id, StringComparer.Ordinal)
            .ToList();
        return new EvalRun(set, labels, string.Empty, string.Empty, outcomes, summary);
    }

    /// <summary>Reads every message for its Date, trains on the oldest <paramref name="split"/> of them and keeps the rest in date order.</summary>
    private async Task<TrainedSplit> TrainAsync(EvalSet set, double split, LabelConfig labels, IReadOnlyDictionary<string, string> truths, CancellationToken cancellationToken)
    {
        var reader = training.Reader();
        var dated = new List<(LabelledMessage Labelled, MailMessage Message)>();
        foreach (var labelled in set.Messages)
        {
            dated.Add((labelled, await reader.ReadAsync(labelled.Item, cancellationToken)));
        }

        // Undated mail sorts first, as the oldest; equal dates keep a stable order by id.
        dated = [.. dated.OrderBy(d => d.Message.Date ?? DateTimeOffset.MinValue).ThenBy(d => d.Labelled.Item.Id, StringComparer.Ordinal)];
        var cut = (int)Math.Round(dated.Count * split);
        var train = dated[..cut];
        var test = dated[cut..];
        LogTraining(logger, train.Count, test.Count, split);
        var model = training.Models.Train([.. train.Select(d => new FiledMessage(d.Message, truths[d.Labelled.Item.Id]))], labels, cancellationToken);
        var measured = set with
        {
            Description = $"{set.Description}, newest {1 - split:0.##} by Date (trained on the oldest {train.Count})",
            Messages = [.. test.Select(d => d.Labelled)],
        };
        return new TrainedSplit(model, train.Count, measured, [.. test.Select(d => d.Message)]);
    }

    private EvalRun Finished(EvalRun run)
    {
        var correct = run.Outcomes.Count(o => o.IsCorrect);
        LogFinished(logger, correct, run.Outcomes.Count, run.Summary.Elapsed.TotalSeconds, run.Summary.Usage.Calls);
        return run;
    }

    private sealed record TrainedSplit(IFilingModel Model, int TrainedOn, EvalSet Measured, IReadOnlyList<MailMessage> Test);

    [LoggerMessage(Level = LogLevel.Information, Message = "Evaluating {Count} messages of {Mailbox} with {Model}")]
    private static partial void LogStarting(ILogger logger, int count, string mailbox, string model);

    [LoggerMessage(Level = LogLevel.Information, Message = "Training a learned model on the oldest {Train} messages ({Split:0.##}); measuring on the newest {Test}")]
    private static partial void LogTraining(ILogger logger, int train, int test, double split);

    [LoggerMessage(Level = LogLevel.Information, Message = "Evaluation finished: {Correct} of {Count} right in {Seconds:0.0} s with {Calls} LLM calls")]
    private static partial void LogFinished(ILogger logger, int correct, int count, double seconds, int calls);
}
