using EmailTriage.Mail;

namespace EmailTriage.Learning;

/// <summary>
/// A model learned from the user's own filing: the text model, the sender and thread memories, how they are
/// blended and the gate above which a prediction stands alone. Filings and corrections update the memories at once
/// and are kept as examples, so <see cref="Retrain"/> can fit a new text model without reading the mailbox again.
/// </summary>
public sealed class LearnedModel
{
    private const int TopCount = 5;

    private readonly TextModel _text;
    private readonly int[] _textToLabel;
    private readonly SenderMemory _senders;
    private readonly ThreadMemory _threads;
    private readonly KeptExamples _examples;
    private readonly HashSet<string> _modelled;
    private readonly Lock _memoryLock = new();

    internal LearnedModel(
        TextModel text, LabelSet labels, SenderMemory senders, ThreadMemory threads, BlendWeights weights, ConfidenceGate gate, TrainingReport report,
        KeptExamples examples, int bodyChars)
    {
        _text = text;
        _senders = senders;
        _threads = threads;
        _examples = examples;
        LabelSet = labels;
        Weights = weights;
        Gate = gate;
        Report = report;
        BodyChars = bodyChars;
        _textToLabel = [.. text.Labels.Select(labels.IndexOf)];
        _modelled = new HashSet<string>(text.Labels, StringComparer.Ordinal);
    }

    public LabelSet LabelSet { get; }

    public BlendWeights Weights { get; }

    public ConfidenceGate Gate { get; }

    public TrainingReport Report { get; }

    /// <summary>How many examples (filed or corrected messages) the model keeps.</summary>
    public int Examples
    {
        get
        {
            lock (_memoryLock)
            {
                return _examples.Count;
            }
        }
    }

    /// <summary>Examples added or changed since the text model was fitted.</summary>
    public int PendingExamples
    {
        get
        {
            lock (_memoryLock)
            {
                return _examples.Pending;
            }
        }
    }

    /// <summary>Corrections among <see cref="PendingExamples"/>.</summary>
    public int PendingCorrections
    {
        get
        {
            lock (_memoryLock)
            {
                return _examples.PendingCorrections;
            }
        }
    }

    /// <summary>Labels with at least two kept examples that the text model cannot answer yet: a retrain would add them.</summary>
    public IReadOnlyCollection<string> LabelsWithoutModel
    {
        get
        {
            lock (_memoryLock)
            {
                return [.. LabelSet.Labels.Where(l => !_modelled.Contains(l) && _examples.CountOf(l) >= 2)];
            }
        }
    }

    /// <summary>The body characters the text model reads and the examples keep.</summary>
    internal int BodyChars { get; }

    internal TextModel Text => _text;

    internal KeptExamples KeptExamples => _examples;

    internal SenderMemory Senders => _senders;

    internal ThreadMemory Threads => _threads;

    public LearnedPrediction Predict(MailMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var model = TextProbabilities(message);
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

    /// <summary>
    /// The user filed this message under <paramref name="label"/> (or left the app's label in place). False when it
    /// changed nothing: the same message was already kept under that label.
    /// </summary>
    public bool Remember(MailMessage message, string label) => Learn(message, label, corrected: false);

    /// <summary>
    /// The user changed the app's label of this message to <paramref name="label"/>: decides the sender's next mail.
    /// False when the same message was already kept under that label.
    /// </summary>
    public bool Correct(MailMessage message, string label) => Learn(message, label, corrected: true);

    /// <summary>
    /// A new model fitted on the kept examples whose labels are in <paramref name="labels"/> (the others are
    /// dropped), its blend and gate measured again on the newest of them; this model is left as it was.
    /// </summary>
    public LearnedModel Retrain(IEnumerable<string> labels, LearningOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(options);
        List<FiledExample> examples;
        lock (_memoryLock)
        {
            examples = [.. _examples.All];
        }

        return LearnedModelTrainer.Fit(examples, new LabelSet(labels), options, cancellationToken);
    }

    internal double[] TextProbabilities(MailMessage message) => TextProbabilities(FilingFeatures.From(message, BodyChars));

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

    /// <summary>Updates the memories only, as when they are rebuilt from kept examples.</summary>
    internal void RememberInMemories(MailMessage message, string label, bool corrected)
    {
        var at = message.Date ?? DateTimeOffset.MinValue;
        if (corrected)
        {
            _senders.Correct(message.FromAddress, label, at);
        }
        else
        {
            _senders.Remember(message.FromAddress, label, at);
        }

        _threads.Remember(message, label);
    }

    private bool Learn(MailMessage message, string label, bool corrected)
    {
        ArgumentNullException.ThrowIfNull(message);
        EnsureKnown(label);
        var example = FiledExample.From(message, label, corrected, BodyChars);
        lock (_memoryLock)
        {
            if (!_examples.Put(example))
            {
                return false;
            }

            RememberInMemories(message, label, corrected);
            return true;
        }
    }

    private LearnedEvidence EvidenceFor(string label, double[] model, MemoryEvidence evidence)
    {
        var threadWeight = evidence.Thread switch
        {
            ThreadEvidence.Reference => Weights.ThreadReference,
            ThreadEvidence.Subject => Weights.ThreadSubject,
            ThreadEvidence.SameSubject => Weights.SameSubject,
            _ => 0,
        };
        if (evidence.ThreadLabel == label && threadWeight > 0)
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
