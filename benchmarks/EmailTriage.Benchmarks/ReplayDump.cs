using System.Globalization;
using EmailTriage.Learning;

namespace EmailTriage.Benchmarks;

/// <summary>
/// One line per replayed message (tab-separated) with what a gate or monitor could look at, so policies can be
/// compared offline: in a replay the model's predictions do not depend on which of them were allowed to decide alone.
/// </summary>
internal sealed class ReplayDump(string set, List<TrainingExample> train, StreamWriter writer, bool learns = true)
{
    public const string Header = "set\ti\tnovel\ttruth\tpred\tconf\tsecond\tgate\tevidence\ttextPred\ttextConf\tsenderCount\tsenderShare\tthread\tthreadLabel\tpredCount\ttruthCount\tpredRecent\tpredOverall\tretrains\tageDays\tdecided\tabove\tnotAlone";

    private const int Recent = 100;

    private LearnedModel? _lastModel;

    /// <summary>Where the held-out decisions of each fit go: set, fit, label, confidence, correct, novel.</summary>
    public static StreamWriter? HeldOutWriter { get; set; }

    private readonly List<string> _filed = [.. train.OrderBy(m => m.Message.Date ?? DateTimeOffset.MinValue).Select(m => m.Label)];
    private DateTimeOffset _newest = train.Max(m => m.Message.Date ?? DateTimeOffset.MinValue);
    private int _index;

    public void Record(LearnedModel model, TrainingExample filed, LearnedPrediction prediction, int retrains)
    {
        if (!ReferenceEquals(model, _lastModel))
        {
            _lastModel = model;
            foreach (var h in model.HeldOut)
            {
                HeldOutWriter?.WriteLine(string.Join('\t', set, retrains, h.Label, h.Confidence.ToString(CultureInfo.InvariantCulture), h.Correct, h.Novel));
            }
        }

        var message = filed.Message;
        var text = model.TextProbabilities(message);
        var textBest = PredictionBlend.ArgMax(text);
        var evidence = model.Evidence(message);
        var senderCount = model.Senders.Senders.TryGetValue(message.FromAddress, out var history) ? history.Filings.Count : 0;
        var recent = _filed.Skip(Math.Max(0, _filed.Count - Recent)).ToList();
        string F(double v) => v.ToString("0.#####", CultureInfo.InvariantCulture);
        writer.WriteLine(string.Join('\t',
            set, _index++, evidence.Novel, filed.Label, prediction.Label, F(prediction.Confidence), F(prediction.Top.Count > 1 ? prediction.Top[1].Probability : 0),
            model.Gate.Threshold is { } t ? F(t) : "inf", prediction.Evidence, model.LabelSet.Labels[textBest], F(text[textBest]),
            senderCount, F(evidence.Sender.GetValueOrDefault(prediction.Label)), evidence.Thread, evidence.ThreadLabel ?? "-",
            model.KeptExamples.CountOf(prediction.Label), model.KeptExamples.CountOf(filed.Label),
            F((double)recent.Count(l => l == prediction.Label) / Math.Max(1, recent.Count)), F((double)_filed.Count(l => l == prediction.Label) / _filed.Count),
            retrains, F(((message.Date ?? _newest) - _newest).TotalDays), prediction.Decided, prediction.AboveGate, prediction.NotAloneBecause?.Split(':')[0] ?? "-"));
        if (learns)
        {
            _filed.Add(filed.Label);
            _newest = message.Date is { } date && date > _newest ? date : _newest;
        }
    }
}
