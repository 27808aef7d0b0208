using EmailTriage.Mail;

namespace EmailTriage.Learning;

/// <summary>
/// A model learned from the user's own filing: the text model, the sender and thread memories, how they are
/// blended and the gate above which a prediction stands alone. Filings and corrections update the memories at once.
/// </summary>
public sealed class LearnedModel
{
    private const int TopCount = 5;

    private readonly TextModel _text;
    private readonly int[] _textToLabel;
    private readonly SenderMemory _senders;
    private readonly ThreadMemory _threads;
    private readonly Lock _memoryLock = new();

    internal LearnedModel(TextModel text, LabelSet labels, SenderMemory senders, ThreadMemory threads, BlendWeights weights, ConfidenceGate gate, TrainingReport report)
    {
        _text = text;
        _senders = senders;
        _threads = threads;
        LabelSet = labels;
        Weights = weights;
        Gate = gate;
        Report = report;
        _textToLabel = [.. text.Labels.Select(labels.IndexOf)];
    }

    public LabelSet LabelSet { get; }

    public BlendWeights Weights { get; }

    public ConfidenceGate Gate { get; }

    public TrainingReport Report { get; }

    internal TextModel Text => _text;

    internal SenderMemory Senders => _senders;

    internal ThreadMemory Threads => _threads;

    public LearnedPrediction Predict(MailMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var model = TextProbabilities(FilingFeatures.From(message));
        MemoryEvidence evidence;
        lock (_memoryLock)
        {
            if (_senders.CorrectionFor(message.FromAddress) is { } corrected && LabelSet.IndexOf(corrected) >= 0)
            {
                return new LearnedPrediction(corrected, 1, Decided: true, LearnedEvidence.Correction, [new LabelScore(corrected, 1)]);
            }

            evidence = Evidence(message);
        }

        var p = PredictionBlend.Blend(model, evidence, Weights, LabelSet);
        var best = PredictionBlend.ArgMax(p);
        var label = LabelSet.Labels[best];
        var top = Enumerable.Range(0, p.Length).OrderByDescending(i => p[i]).Take(TopCount)
            .Select(i => new LabelScore(LabelSet.Labels[i], p[i])).ToList();
        return new LearnedPrediction(label, p[best], Gate.Admits(p[best]), EvidenceFor(label, model, evidence), top);
    }

    /// <summary>The user filed this message under <paramref name="label"/> (or left the app's label in place).</summary>
    public void Remember(MailMessage message, string label)
    {
        ArgumentNullException.ThrowIfNull(message);
        EnsureKnown(label);
        lock (_memoryLock)
        {
            _senders.Remember(message.FromAddress, label, message.Date ?? DateTimeOffset.MinValue);
            _threads.Remember(message, label);
        }
    }

    /// <summary>The user changed the app's label of this message to <paramref name="label"/>: decides the sender's next mail.</summary>
    public void Correct(MailMessage message, string label)
    {
        ArgumentNullException.ThrowIfNull(message);
        EnsureKnown(label);
        lock (_memoryLock)
        {
            _senders.Correct(message.FromAddress, label, message.Date ?? DateTimeOffset.MinValue);
            _threads.Remember(message, label);
        }
    }

    internal double[] TextProbabilities(FilingFeatures features)
    {
        var scores = _text.Predict(features);
        var p = new double[LabelSet.Labels.Count];
        for (var i = 0; i < scores.Length && i < _textToLabel.Length; i++)
        {
            if (_textToLabel[i] >= 0)
            {
                p[_textToLabel[i]] = scores[i];
            }
        }

        return p;
    }

    internal MemoryEvidence Evidence(MailMessage message)
    {
        var (threadLabel, thread) = _threads.Lookup(message);
        return new MemoryEvidence(_senders.Distribution(message.FromAddress), threadLabel, thread);
    }

    private LearnedEvidence EvidenceFor(string label, double[] model, MemoryEvidence evidence)
    {
        if (evidence.ThreadLabel == label && evidence.Thread != ThreadEvidence.None &&
            (evidence.Thread == ThreadEvidence.Reference ? Weights.ThreadReference : Weights.ThreadSubject) > 0)
        {
            return LearnedEvidence.Thread;
        }

        var modelBest = LabelSet.Labels[PredictionBlend.ArgMax(model)];
        return modelBest != label && Weights.Sender > 0 && evidence.Sender.ContainsKey(label) ? LearnedEvidence.Sender : LearnedEvidence.Model;
    }

    private void EnsureKnown(string label)
    {
        if (LabelSet.IndexOf(label) < 0)
        {
            throw new ArgumentException($"'{label}' is not one of the model's labels ({string.Join(", ", LabelSet.Labels.Take(10))}).", nameof(label));
        }
    }
}
