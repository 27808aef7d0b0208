using System.Diagnostics;
using EmailTriage.Mail;

namespace EmailTriage.Learning;

/// <summary>
/// Trains a <see cref="LearnedModel"/> from the user's filed mail, or retrains one from its kept examples. The
/// newest share (by Date) is held out first: a model trained on the rest predicts it, which chooses how much
/// the memories weigh and the confidence gate; then the final model is trained on all of it. Nothing leaves
/// this process.
/// </summary>
internal static class LearnedModelTrainer
{
    // When too little mail is held out to measure the blend, the memories still count, moderately.
    private static readonly BlendWeights Unmeasured = new(Sender: 0.2, ThreadReference: 0.8, ThreadSubject: 0.5);

    public static LearnedModel Train(IEnumerable<TrainingExample> mail, IEnumerable<string> labels, LearningOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mail);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(options);
        var examples = mail.Select(m => FiledExample.From(m.Message, m.Label, corrected: false, options.BodyChars));
        return Fit([.. examples], new LabelSet(labels), options, cancellationToken);
    }

    /// <summary>
    /// Fits a model on <paramref name="kept"/> restricted to <paramref name="labelSet"/>; one example per message, the latest
    /// act winning. Examples under other labels are kept aside in the model, for a later retrain whose labels include theirs.
    /// </summary>
    internal static LearnedModel Fit(IReadOnlyList<FiledExample> kept, LabelSet labelSet, LearningOptions options, CancellationToken cancellationToken)
    {
        var timer = Stopwatch.StartNew();
        if (labelSet.Labels.Count == 0)
        {
            throw new LearningException("The label set is empty: add labels to the label file before training a model.");
        }

        var (inSet, aside) = Split(kept, labelSet);
        var examples = inSet
            .OrderBy(m => m.Date ?? DateTimeOffset.MinValue).ThenBy(m => m.Key, StringComparer.Ordinal)
            .ToList();
        var perLabel = labelSet.Labels.ToDictionary(l => l, l => 0, StringComparer.Ordinal);
        foreach (var example in examples)
        {
            perLabel[example.Label]++;
        }

        EnsureEnough(examples, perLabel, labelSet, aside.Count);
        var messages = examples.Select(e => e.ToMessage()).ToList();
        var terms = messages.Select(m => FilingTerms.Of(FilingFeatures.From(m, options.BodyChars))).ToList();
        var all = new Examples(examples, messages, terms);
        var heldOutCount = (int)Math.Round(examples.Count * Math.Clamp(options.HoldoutShare, 0, 0.5));
        var trainPart = all.Take(examples.Count - heldOutCount);
        var heldOut = all.Skip(examples.Count - heldOutCount);

        // The final model does not depend on what the held-out part measures, so both fit at once on two cores.
        cancellationToken.ThrowIfCancellationRequested();
        var finalFit = Task.Run(() => Build(all, labelSet, options), cancellationToken);
        var (weights, heldOutDecisions, calibration, modelAccuracy, accuracy) = Measure(trainPart, heldOut, labelSet, options, cancellationToken);
        var final = finalFit.GetAwaiter().GetResult();
        if (calibration is not null)
        {
            final.Text.Calibration = final.Text.Calibration is { } own ? own with { Temperature = calibration.Temperature } : null;
        }

        var report = new TrainingReport
        {
            Messages = examples.Count,
            OutsideLabelSet = aside.Count,
            HeldOut = heldOutCount,
            MessagesPerLabel = perLabel,
            SparseLabels = [.. perLabel.Where(p => p.Value > 0 && p.Value < options.FewestExamplesPerLabel).Select(p => p.Key)],
            UnseenLabels = [.. perLabel.Where(p => p.Value == 0).Select(p => p.Key)],
            HeldOutModelAccuracy = modelAccuracy,
            HeldOutAccuracy = accuracy,
            TrainingTime = timer.Elapsed,
        };
        foreach (var example in aside)
        {
            final.KeptExamples.PutAside(example);
        }

        return new LearnedModel(final.Text, labelSet, final.Senders, final.Threads, weights, GateSet.Choose(heldOutDecisions, options.TargetPrecision), report, final.KeptExamples, final.BodyChars)
        {
            HeldOut = heldOutDecisions,
        };
    }

    /// <summary>
    /// One example per message (a later one replaces an earlier one under another label), split into those under the
    /// labels of <paramref name="labelSet"/> (spelt as it spells them: labels match whatever their case) and the rest.
    /// </summary>
    private static (List<FiledExample> InSet, List<FiledExample> Aside) Split(IReadOnlyList<FiledExample> kept, LabelSet labelSet)
    {
        var spelling = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var label in labelSet.Labels)
        {
            spelling.TryAdd(label, label);
        }

        var byKey = new Dictionary<string, FiledExample>(StringComparer.Ordinal);
        foreach (var example in kept)
        {
            if (!byKey.TryGetValue(example.Key, out var earlier) || earlier.Label != example.Label)
            {
                byKey[example.Key] = example;
            }
        }

        var inSet = new List<FiledExample>();
        var aside = new List<FiledExample>();
        foreach (var example in byKey.Values)
        {
            if (labelSet.IndexOf(example.Label) >= 0)
            {
                inSet.Add(example);
            }
            else if (spelling.TryGetValue(example.Label, out var label))
            {
                inSet.Add(example with { Label = label });
            }
            else
            {
                aside.Add(example);
            }
        }

        return (inSet, aside);
    }

    private static void EnsureEnough(List<FiledExample> examples, Dictionary<string, int> perLabel, LabelSet labelSet, int total)
    {
        if (examples.Count == 0)
        {
            var outside = total > 0 ? $" ({total} messages carry labels outside the label set)" : string.Empty;
            throw new LearningException(
                $"There is no filed mail to learn from: no message carries one of the {labelSet.Labels.Count} labels " +
                $"({string.Join(", ", labelSet.Labels.Take(10))}){outside}. File some mail under at least two labels and train again.");
        }

        var used = perLabel.Where(p => p.Value > 0).Select(p => p.Key).ToList();
        if (used.Count < 2)
        {
            throw new LearningException(
                $"All {examples.Count} filed messages carry one label ('{used[0]}'): a model needs mail under at least two labels " +
                "to tell them apart. File some mail under another label and train again.");
        }
    }

    private static (BlendWeights Weights, IReadOnlyList<HeldOutDecision> Decisions, PlattCalibration? Calibration, double ModelAccuracy, double Accuracy) Measure(
        Examples trainPart, Examples heldOut, LabelSet labelSet, LearningOptions options, CancellationToken cancellationToken)
    {
        if (heldOut.Count == 0 || trainPart.Filed.Select(m => m.Label).Distinct(StringComparer.Ordinal).Count() < 2)
        {
            return (Unmeasured, [], null, double.NaN, double.NaN);
        }

        var probe = Build(trainPart, labelSet, options);
        var calibration = HeldOutCalibration(probe, heldOut, options);
        if (calibration is not null)
        {
            probe.Text.Calibration = calibration;
        }

        // Each held-out message is predicted, then filed, as in use: the memories learn at once, the text model at its retrain.
        var cases = new List<(int Truth, double[] Model, MemoryEvidence Evidence)>(heldOut.Count);
        for (var i = 0; i < heldOut.Count; i++)
        {
            var message = heldOut.Messages[i];
            cases.Add((labelSet.IndexOf(heldOut.Filed[i].Label), probe.TextProbabilities(message), probe.Evidence(message)));
            probe.RememberInMemories(message, heldOut.Filed[i].Label, heldOut.Filed[i].Corrected);
        }

        cancellationToken.ThrowIfCancellationRequested();

        // Log loss rather than accuracy: it rewards probabilities that mean what they say, which the gate relies on.
        var weights = heldOut.Count < ConfidenceGate.FewestHeldOut
            ? Unmeasured
            : BlendWeights.Candidates().MinBy(w => cases.Sum(c => -Math.Log(Math.Max(PredictionBlend.Blend(c.Model, c.Evidence, w, labelSet)[c.Truth], 1e-4))))!;
        var decisions = cases.Select(c =>
        {
            var p = PredictionBlend.Blend(c.Model, c.Evidence, weights, labelSet);
            var best = PredictionBlend.ArgMax(p);
            return new HeldOutDecision(labelSet.Labels[best], p[best], best == c.Truth, c.Evidence.Novel);
        }).ToList();
        var modelAccuracy = cases.Average(c => PredictionBlend.ArgMax(c.Model) == c.Truth ? 1.0 : 0.0);
        return (weights, decisions, calibration, modelAccuracy, decisions.Average(d => d.Correct ? 1.0 : 0.0));
    }

    // Margins of mail the probe never trained on say how sure a margin of that size really is; a training mail's own margins overstate it.
    private static PlattCalibration? HeldOutCalibration(LearnedModel probe, Examples heldOut, LearningOptions options)
    {
        if (!options.CalibrateOnHeldOut || heldOut.Count < ConfidenceGate.FewestHeldOut || probe.Text.Calibration is not { } trained)
        {
            return null;
        }

        var labels = probe.Text.Labels.ToList();
        var margins = heldOut.Terms.Select(probe.Text.Scores).ToList();
        var truths = heldOut.Filed.Select(f => labels.IndexOf(f.Label)).ToList();
        double[] temperatures = [0.5, 0.7, 0.85, 1, 1.2, 1.5, 2, 2.5, 3];
        return temperatures.Select(t => trained with { Temperature = t })
            .MinBy(c => margins.Select((m, i) => truths[i] < 0 ? 0 : -Math.Log(Math.Max(c.Probabilities(m)[truths[i]], 1e-4))).Sum());
    }

    // The memories are rebuilt in date order, corrections as corrections, so a retrained model remembers what the old one did.
    private static LearnedModel Build(Examples examples, LabelSet labelSet, LearningOptions options)
    {
        var text = TextModel.Train(examples.Terms, [.. examples.Filed.Select(e => e.Label)], options);
        var model = new LearnedModel(
            text, labelSet, new SenderMemory(), new ThreadMemory(), BlendWeights.None, GateSet.Choose([], 1), new TrainingReport(),
            new KeptExamples(examples.Filed), options.BodyChars);
        for (var i = 0; i < examples.Count; i++)
        {
            model.RememberInMemories(examples.Messages[i], examples.Filed[i].Label, examples.Filed[i].Corrected);
        }

        return model;
    }

    /// <summary>The examples in date order with their messages and terms, computed once for the probe and the final fit.</summary>
    private sealed record Examples(List<FiledExample> Filed, List<MailMessage> Messages, List<List<string>> Terms)
    {
        public int Count => Filed.Count;

        public Examples Take(int count) => new(Filed[..count], Messages[..count], Terms[..count]);

        public Examples Skip(int count) => new(Filed[count..], Messages[count..], Terms[count..]);
    }
}
