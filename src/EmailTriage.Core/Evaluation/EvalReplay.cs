using System.Diagnostics;
using EmailTriage.Classification;
using EmailTriage.Filing;
using EmailTriage.Mail;
using EmailTriage.Triage;
using Microsoft.Extensions.Logging;

namespace EmailTriage.Evaluation;

/// <summary>
/// Months of use in a minute: messages are decided one by one in date order by the triage chain (rules, learned above
/// the gate, the LLM if configured, fallback); then each message's truth is revealed to the model exactly as the user's
/// filing would be, and the model retrains on its own cadence. Each message counts as one run for the per-run retrain limit.
/// </summary>
internal sealed class EvalReplay(MessageClassifier classifier, GuessRecorder model, ILogger logger)
{
    private const int CurveParts = 10;

    public async Task<ReplayResult> RunAsync(
        EvalSet set, IReadOnlyList<MailMessage> messages, IReadOnlyDictionary<string, string> truths, IProgress<TriageProgress>? progress, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var tally = new TriageTally(dryRun: true);
        var outcomes = new List<EvalOutcome>(messages.Count);
        LlmException? stop = null;
        foreach (var message in messages)
        {
            model.BeginRun();
            Decision decision;
            try
            {
                decision = await classifier.ClassifyAsync(message, cancellationToken);
            }
            catch (LlmException ex) when (ex.StopsRun)
            {
                tally.Spent(ex.Usage);
                stop = ex;
                break;
            }
            catch (LlmException ex)
            {
                decision = Decision.Failed(ex.Message) with { Usage = ex.Usage };
            }

            var result = MessageOutcome.Unwritten(message, decision, dryRun: true);
            tally.Add(result);
            var truth = truths[message.Id];
            outcomes.Add(EvalOutcome.Of(result, truth, model.GuessFor(message.Id)));

            // The user files the message where it belongs; the model learns it before the next message arrives.
            model.Learn(new FiledMessage(message, truth));
            model.RetrainIfDue(cancellationToken);
            progress?.Report(new TriageProgress(outcomes.Count, messages.Count));
        }

        if (stop is not null)
        {
            ReplayLog.Stopped(logger, outcomes.Count, messages.Count, stop.Message);
        }

        var summary = tally.ToSummary(set.Description, messages.Count, Stopwatch.GetElapsedTime(started), stop);
        return new ReplayResult(outcomes, summary, Curve(outcomes));
    }

    /// <summary>Coverage and accuracy per tenth of the replay (fewer parts when fewer messages), in date order.</summary>
    internal static IReadOnlyList<CurvePoint> Curve(IReadOnlyList<EvalOutcome> outcomes)
    {
        var parts = Math.Min(CurveParts, outcomes.Count);
        var points = new List<CurvePoint>(parts);
        for (var part = 0; part < parts; part++)
        {
            var from = outcomes.Count * part / parts;
            var to = outcomes.Count * (part + 1) / parts;
            int correct = 0, decided = 0, guessed = 0, guessedRight = 0;
            for (var i = from; i < to; i++)
            {
                var outcome = outcomes[i];
                correct += outcome.IsCorrect ? 1 : 0;
                decided += outcome.Decided ? 1 : 0;
                if (outcome.Guess is { } guess)
                {
                    guessed++;
                    guessedRight += string.Equals(guess, outcome.Truth, StringComparison.OrdinalIgnoreCase) ? 1 : 0;
                }
            }

            points.Add(new CurvePoint(from + 1, to, correct) { Decided = decided, Guessed = guessed, GuessedRight = guessedRight });
        }

        return points;
    }
}

internal sealed record ReplayResult(IReadOnlyList<EvalOutcome> Outcomes, TriageSummary Summary, IReadOnlyList<CurvePoint> Curve);

internal static partial class ReplayLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "The replay stopped after {Done} of {Count} messages: {Error}")]
    public static partial void Stopped(ILogger logger, int done, int count, string error);
}
