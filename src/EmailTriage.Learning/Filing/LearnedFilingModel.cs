using EmailTriage.Filing;
using EmailTriage.Mail;

namespace EmailTriage.Learning.Filing;

/// <summary>
/// A <see cref="LearnedModel"/> as the core's <see cref="IFilingModel"/>: answers guesses, learns each filing at once,
/// and swaps in a retrained model when the cadence says so. Thread-safe: triage asks it from several workers.
/// </summary>
internal sealed class LearnedFilingModel : IFilingModel
{
    private readonly LearningOptions _options;
    private RetrainCadence _cadence;
    private LearnedModel _model;

    public LearnedFilingModel(LearnedModel model, LearningOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        _model = model;
        _options = options;
        _cadence = new RetrainCadence(options);

        // The target is the user's setting now: gates chosen for another one are chosen again on the kept held-out decisions.
        model.UseTarget(options.TargetPrecision);
    }

    /// <summary>The model as it is now (a retrain replaces it).</summary>
    public LearnedModel Model => Volatile.Read(ref _model);

    public IReadOnlyList<string> Labels => Model.LabelSet.Labels;

    public int Retrains { get; private set; }

    public FilingModelReport Report
    {
        get
        {
            var model = Model;
            var report = model.Report;
            return new FilingModelReport
            {
                Messages = report.Messages,
                OutsideLabelSet = report.OutsideLabelSet,
                HeldOut = report.HeldOut,
                HeldOutAccuracy = report.HeldOutAccuracy,
                TargetPrecision = model.Gate.TargetPrecision,
                Gate = model.Gate.Threshold,
                GateCoverage = model.Gate.Coverage,
                GatePrecision = model.Gate.Precision,
                GateClosedBecause = model.Gate.Reason,
                NovelGate = model.Gates.Novel.Threshold,
                NovelGateClosedBecause = model.Gates.Novel.Reason,
                NewestFiling = model.NewestFiling,
                LabelStatus = model.LabelStatus(),
                TrainingTime = report.TrainingTime,
                MessagesPerLabel = report.MessagesPerLabel,
                SparseLabels = report.SparseLabels,
                UnseenLabels = report.UnseenLabels,
                Kept = Kept,
            };
        }
    }

    public void BeginRun() => _cadence = new RetrainCadence(_options);

    public bool Changed { get; private set; }

    /// <summary>What <c>learn</c> kept of the model this one replaced; null for a model not made by <c>learn</c>.</summary>
    public FilingKept? Kept { get; init; }

    /// <summary>Marks the model as saved: <see cref="Changed"/> is false until it learns something again.</summary>
    public void Saved() => Changed = false;

    /// <summary>Marks a model that differs from its file (retrained for another label set): a run that may change things saves it.</summary>
    public void Unsaved() => Changed = true;

    public FilingGuess Guess(MailMessage message)
    {
        var model = Model;
        var prediction = model.Predict(message, explain: true);

        // The target is the user's setting now; 0 and 1 mean the same whatever the model was trained with.
        var target = _options.TargetPrecision;
        var decided = target switch
        {
            <= 0 => true,
            >= 1 => prediction.Evidence == LearnedEvidence.Correction,
            _ => prediction.Decided,
        };

        // Only a gate that can open is watched: at 0 the user asked for every decision, at 1 for none.
        if (target is > 0 and < 1 && model.Track(message, prediction))
        {
            Changed = true;
        }

        return new FilingGuess(prediction.Label, prediction.Confidence, decided, Describe(prediction.Evidence), [.. prediction.Top.Select(t => t.Label)])
        {
            Gate = target <= 0 ? 0 : prediction.Gate,
            NotAloneBecause = decided ? null : target >= 1 ? "LEARNED_TARGET_PRECISION is 1: the model never decides alone" : prediction.NotAloneBecause,
            Details = prediction.Details,
        };
    }

    public void Applied(MailMessage message, string label) => Model.Applied(message, label);

    public bool Learn(FiledMessage filing)
    {
        ArgumentNullException.ThrowIfNull(filing);
        var model = Model;
        if (model.LabelSet.IndexOf(filing.Label) < 0)
        {
            // Not a label of the file: kept aside in the model, and learned once a label file has it again.
            var kept = model.SetAside(filing.Message, filing.Label, filing.Kind == FilingKind.Corrected);
            Changed |= kept;
            return kept;
        }

        var changed = filing.Kind == FilingKind.Corrected
            ? model.Correct(filing.Message, filing.Label)
            : model.Remember(filing.Message, filing.Label);
        Changed |= changed;
        return changed;
    }

    public bool RetrainIfDue(CancellationToken cancellationToken)
    {
        var model = Model;
        if (!_cadence.TryTake(model))
        {
            return false;
        }

        var retrained = model.Retrain(model.LabelSet.Labels, _options, cancellationToken);
        retrained.UseTarget(_options.TargetPrecision);
        Volatile.Write(ref _model, retrained);
        Retrains++;
        Changed = true;
        return true;
    }

    private static string Describe(LearnedEvidence evidence) => evidence switch
    {
        LearnedEvidence.Sender => "sender",
        LearnedEvidence.Thread => "thread",
        LearnedEvidence.Correction => "correction",
        _ => "model",
    };
}
