using System.Globalization;
using EmailTriage.Filing;
using EmailTriage.Mail;
using Microsoft.ML.Data;

namespace EmailTriage.Learning;

/// <summary>
/// A model learned from the user's own filing: the text model, the sender and thread memories, how they are
/// blended and the gate above which a prediction stands alone. Filings and corrections update the memories at once
/// and are kept as examples, so <see cref="Retrain"/> can fit a new text model without reading the mailbox again.
/// </summary>
public sealed class LearnedModel
{
    /// <summary>Lone decisions stop on mail this many days newer than the newest filing or correction the model learned.</summary>
    public const int FreshDays = 90;

    /// <summary>Mail nothing filed speaks for decides alone only within this many days of the newest filing or correction.</summary>
    public const int NovelFreshDays = 30;

    private const int TopCount = 5;
    private const int TermsShown = 5;
    private const int NeighboursShown = 3;

    private readonly TextModel _text;
    private readonly int[] _textToLabel;
    private readonly SenderMemory _senders;
    private readonly ThreadMemory _threads;
    private readonly KeptExamples _examples;
    private readonly HashSet<string> _modelled;
    private readonly Lock _memoryLock = new();
    private FiledNeighbours? _neighbours;
    private GateSet _gates;

    internal LearnedModel(
        TextModel text, LabelSet labels, SenderMemory senders, ThreadMemory threads, BlendWeights weights, GateSet gates, TrainingReport report,
        KeptExamples examples, int bodyChars)
    {
        _text = text;
        _senders = senders;
        _threads = threads;
        _examples = examples;
        LabelSet = labels;
        Weights = weights;
        _gates = gates;
        Report = report;
        BodyChars = bodyChars;
        _textToLabel = [.. text.Labels.Select(labels.IndexOf)];
        _modelled = new HashSet<string>(text.Labels, StringComparer.Ordinal);
    }

    public LabelSet LabelSet { get; }

    public BlendWeights Weights { get; }

    /// <summary>The gate for mail the memories know something about (see <see cref="GateSet"/>).</summary>
    public ConfidenceGate Gate => Gates.Main;

    internal GateSet Gates
    {
        get => Volatile.Read(ref _gates);
        private set => Volatile.Write(ref _gates, value);
    }

    /// <summary>How the labels' recent lone decisions fared; carried over by <see cref="Retrain"/> and kept in the model file.</summary>
    internal GateMonitor Monitor { get; set; } = new();

    /// <summary>The date of the newest mail the user filed or corrected that the model learned.</summary>
    public DateTimeOffset? NewestFiling
    {
        get
        {
            lock (_memoryLock)
            {
                return _examples.Newest;
            }
        }
    }

    /// <summary>The held-out decisions the gates were chosen on; empty for a model saved before they were kept.</summary>
    internal IReadOnlyList<HeldOutDecision> HeldOut { get; init; } = [];

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

    public LearnedPrediction Predict(MailMessage message) => Predict(message, explain: false);

    /// <summary>
    /// The learned answer for <paramref name="message"/>; with <paramref name="explain"/>, also what it rests on
    /// (<see cref="LearnedPrediction.Details"/>). Changes nothing: <see cref="Track"/> records a decision acted on.
    /// </summary>
    public LearnedPrediction Predict(MailMessage message, bool explain)
    {
        ArgumentNullException.ThrowIfNull(message);
        var vector = _text.Vocabulary.Vector(FilingTerms.Of(FilingFeatures.From(message, BodyChars)));
        var model = TextProbabilities(vector);
        MemoryEvidence evidence;
        DateTimeOffset? newest;
        lock (_memoryLock)
        {
            if (_senders.CorrectionFor(message.FromAddress) is { } corrected && LabelSet.IndexOf(corrected) >= 0)
            {
                return new LearnedPrediction(corrected, 1, Decided: true, LearnedEvidence.Correction, [new LabelProbability(corrected, 1)])
                {
                    AboveGate = true,
                    Gate = 0,
                    Details = explain ? Explain(message, corrected, vector, Evidence(message)) : null,
                };
            }

            evidence = Evidence(message);
            newest = _examples.Newest;
        }

        var p = PredictionBlend.Blend(model, evidence, Weights, LabelSet);
        var best = PredictionBlend.ArgMax(p);
        var label = LabelSet.Labels[best];
        var top = Enumerable.Range(0, p.Length).OrderByDescending(i => p[i]).Take(TopCount)
            .Select(i => new LabelProbability(LabelSet.Labels[i], p[i])).ToList();
        var gate = Gates.For(evidence.Novel);
        var above = gate.Admits(p[best]);
        var notAlone = above ? HeldBack(label, message.Date, newest, evidence.Novel) : BelowGate(gate, p[best], evidence.Novel);
        FilingEvidence? details = null;
        if (explain)
        {
            lock (_memoryLock)
            {
                details = Explain(message, label, vector, evidence);
            }
        }

        return new LearnedPrediction(label, p[best], above && notAlone is null, EvidenceFor(label, model, evidence), top)
        {
            AboveGate = above,
            Gate = gate.Threshold ?? double.PositiveInfinity,
            NotAloneBecause = notAlone,
            Details = details,
        };
    }

    /// <summary>
    /// The host acted on <paramref name="prediction"/> for <paramref name="message"/>: a lone decision (or one held back
    /// although its confidence cleared the gate) now waits for the user's verdict, which the monitor learns from the
    /// user's later filing (see <see cref="GateMonitor"/>). True when something was recorded, so the model should be saved.
    /// </summary>
    public bool Track(MailMessage message, LearnedPrediction prediction)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(prediction);
        if (prediction.Evidence == LearnedEvidence.Correction || !prediction.AboveGate)
        {
            return false;
        }

        Monitor.Decided(GateMonitor.KeyOf(message), prediction.Label, alone: prediction.Decided);
        return true;
    }

    /// <summary>The host applied <paramref name="label"/> to <paramref name="message"/>, whichever source decided it.</summary>
    public void Applied(MailMessage message, string label)
    {
        ArgumentNullException.ThrowIfNull(message);
        Monitor.Applied(GateMonitor.KeyOf(message), label);
    }

    /// <summary>Each label as it stands now: its examples, its monitor window, whether it may decide alone and why not.</summary>
    public IReadOnlyList<FilingLabelStatus> LabelStatus()
    {
        var judged = Monitor.Snapshot();
        lock (_memoryLock)
        {
            return [.. LabelSet.Labels.Select(label =>
            {
                var examples = _examples.CountOf(label);
                var (right, wrong) = judged.GetValueOrDefault(label);
                var because = examples == 0 ? "no filed mail under this label yet"
                    : Gate.Threshold is null ? $"the gate is closed: {Gate.Reason}"
                    : Monitor.Closed(label) is { } closed ? $"paused by the monitor: {closed}"
                    : null;
                return new FilingLabelStatus(label, examples, right + wrong, right, because is null, because);
            })];
        }
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
    /// The user filed or corrected this message under <paramref name="label"/>, which is not one of the model's labels (not
    /// in the label file): kept aside, teaching nothing now, until a retrain for labels that include it. It is still the
    /// user's verdict on a decision the model made for the message. False when the same message was aside under that label already.
    /// </summary>
    public bool SetAside(MailMessage message, string label, bool corrected)
    {
        ArgumentNullException.ThrowIfNull(message);
        var example = FiledExample.From(message, label, corrected, BodyChars, taught: true);
        bool kept;
        lock (_memoryLock)
        {
            kept = _examples.PutAside(example);
        }

        Monitor.Filed(GateMonitor.KeyOf(message), label, learned: false);
        return kept;
    }

    /// <summary>
    /// A new model fitted on the kept examples whose labels are in <paramref name="labels"/> (the others, and those aside
    /// whose labels are still missing, are kept aside in it), its blend and gate measured again on the newest of them; this
    /// model is left as it was.
    /// </summary>
    public LearnedModel Retrain(IEnumerable<string> labels, LearningOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(options);
        List<FiledExample> examples;
        lock (_memoryLock)
        {
            examples = [.. _examples.Aside, .. _examples.All];
        }

        var retrained = LearnedModelTrainer.Fit(examples, new LabelSet(labels), options, cancellationToken);
        retrained.Monitor = Monitor.Clone();
        return retrained;
    }

    /// <summary>Chooses the gates again for <paramref name="targetPrecision"/> from the held-out decisions kept; false when none were kept.</summary>
    internal bool UseTarget(double targetPrecision)
    {
        if (HeldOut.Count == 0 || Gates.Main.TargetPrecision == targetPrecision)
        {
            return false;
        }

        Gates = GateSet.Choose(HeldOut, targetPrecision);
        return true;
    }

    internal double[] TextProbabilities(MailMessage message) => TextProbabilities(_text.Vocabulary.Vector(FilingTerms.Of(FilingFeatures.From(message, BodyChars))));

    internal double[] TextProbabilities(VBuffer<float> vector)
    {
        var scores = _text.Predict(vector);
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
        var example = FiledExample.From(message, label, corrected, BodyChars, taught: true);
        bool learned;
        lock (_memoryLock)
        {
            learned = _examples.Put(example);
            if (learned)
            {
                RememberInMemories(message, label, corrected);
                _neighbours?.Add(example);
            }
        }

        // Whether or not the example was new, the user's act is the verdict on a decision the model made for this message.
        Monitor.Filed(GateMonitor.KeyOf(message), label, learned);
        return learned;
    }

    private static string BelowGate(ConfidenceGate gate, double confidence, bool novel)
    {
        var which = novel ? "the gate for mail from senders never filed and outside known threads" : "the gate";
        return gate.Threshold is { } threshold
            ? string.Create(CultureInfo.InvariantCulture, $"confidence {confidence:0.00} is below {which} ({threshold:0.00})")
            : $"{which} is closed: {gate.Reason}";
    }

    /// <summary>Why a prediction that clears its gate still does not decide alone; null when nothing holds it back.</summary>
    private string? HeldBack(string label, DateTimeOffset? date, DateTimeOffset? newest, bool novel)
    {
        if (date is { } at && newest is { } filed)
        {
            var days = (at - filed).TotalDays;
            if (days > FreshDays)
            {
                return string.Create(CultureInfo.InvariantCulture, $"nothing was filed or corrected in the {days:0} days before this message; the model decides alone only within {FreshDays} days of the newest filing");
            }

            if (novel && days > NovelFreshDays)
            {
                return string.Create(CultureInfo.InvariantCulture, $"mail from a sender never filed decides alone only within {NovelFreshDays} days of the newest filing, and nothing was filed or corrected in the {days:0} days before this message");
            }
        }

        return Monitor.Closed(label) is { } closed ? $"'{label}' is paused by the monitor: {closed}" : null;
    }

    // Called with _memoryLock held: reads the memories.
    private FilingEvidence Explain(MailMessage message, string label, VBuffer<float> vector, MemoryEvidence evidence)
    {
        var filings = _senders.Senders.TryGetValue(message.FromAddress, out var history)
            ? history.Filings.GroupBy(f => f.Label, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal)
            : [];
        var textLabel = _text.Labels.ToList().IndexOf(label);
        var neighbours = Neighbours().Nearest(vector, NeighboursShown, FiledExample.KeyOf(message));
        return new FilingEvidence
        {
            SenderFilings = filings,
            SenderCorrection = history?.Correction?.Label,
            Thread = evidence.ThreadLabel is { } threadLabel && evidence.Thread != ThreadEvidence.None
                ? new FilingThread(evidence.Thread switch { ThreadEvidence.Reference => "reference", ThreadEvidence.Subject => "reply subject", _ => "same subject" }, threadLabel)
                : null,
            Terms = [.. _text.StrongestTerms(vector, textLabel, TermsShown).Select(t => new FilingTerm(t.Term, Math.Round(t.Weight, 4)))],
            Nearest = [.. neighbours.Select(n => new FilingNeighbour(n.Example.Key, n.Example.Label, n.Example.Subject, n.Example.FromAddress, Math.Round(n.Similarity, 3)))],
            Novel = evidence.Novel,
        };
    }

    // Built on first use, from every kept example; later filings join it as they are learned.
    private FiledNeighbours Neighbours()
    {
        if (_neighbours is null)
        {
            var neighbours = new FiledNeighbours(_text.Vocabulary, BodyChars);
            foreach (var example in _examples.All)
            {
                neighbours.Add(example);
            }

            _neighbours = neighbours;
        }

        return _neighbours;
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
