using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace EmailTriage.Learning;

/// <summary>
/// The ML.NET part: a message becomes a vector in our own TF-IDF space (<see cref="TfidfVocabulary"/>, one space
/// for all fields, as the scikit-learn baselines use), and one linear SVM per label trained by ML.NET gives its
/// margin; <see cref="Calibration"/> (Platt, per label) turns the margins into probabilities.
/// </summary>
internal sealed class TextModel
{
    private readonly MLContext _ml;
    private readonly ITransformer _transformer;
    private readonly DataViewSchema _inputSchema;
    private readonly PredictionEngine<TextModelRow, TextModelScores> _engine;
    private readonly Lock _engineLock = new();
    private readonly IReadOnlyList<float>[]? _weights;

    private TextModel(MLContext ml, ITransformer transformer, DataViewSchema inputSchema, TfidfVocabulary vocabulary)
    {
        _ml = ml;
        _transformer = transformer;
        _inputSchema = inputSchema;
        Vocabulary = vocabulary;
        _engine = ml.Model.CreatePredictionEngine<TextModelRow, TextModelScores>(transformer, inputSchemaDefinition: TextModelRow.Schema(vocabulary.Size));
        Labels = ReadLabels(transformer.GetOutputSchema(inputSchema));
        _weights = LinearWeights(transformer, Labels.Count);
    }

    /// <summary>The labels in the order of <see cref="Predict"/>'s probabilities.</summary>
    public IReadOnlyList<string> Labels { get; }

    public TfidfVocabulary Vocabulary { get; }

    /// <summary>How the SVMs' margins become probabilities; null for the trainers that give probabilities.</summary>
    public PlattCalibration? Calibration { get; set; }

    /// <summary>Trains on each example's <see cref="FilingTerms"/> and label.</summary>
    public static TextModel Train(IReadOnlyList<List<string>> terms, IReadOnlyList<string> labels, LearningOptions options)
    {
        var (trainer, l2) = (options.Trainer, options.L2Regularization);
        var vocabulary = TfidfVocabulary.Fit(terms, options.FewestMessagesPerTerm);
        var ml = new MLContext(seed: 12);
        var rows = terms.Select((t, i) => new TextModelRow { Label = labels[i], Features = vocabulary.Vector(t) }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows, TextModelRow.Schema(vocabulary.Size));
        var pipeline = ml.Transforms.Conversion.MapValueToKey(nameof(TextModelRow.Label))
            .AppendCacheCheckpoint(ml)
            .Append(Trainer(ml, trainer, l2, terms.Count));
        var transformer = pipeline.Fit(data);
        var model = new TextModel(ml, transformer, data.Schema, vocabulary);
        if (GivesMargins(trainer))
        {
            model.Calibration = Calibrate(ml, transformer.Transform(data), model.Labels, labels);
        }

        return model;
    }

    public static TextModel Load(Stream stream, TfidfVocabulary vocabulary)
    {
        var ml = new MLContext(seed: 12);
        var transformer = ml.Model.Load(stream, out var inputSchema);
        return new TextModel(ml, transformer, inputSchema, vocabulary);
    }

    public void Save(Stream stream) => _ml.Model.Save(_transformer, _inputSchema, stream);

    /// <summary>A probability per label, in the order of <see cref="Labels"/>.</summary>
    public double[] Predict(FilingFeatures features) => Predict(Vocabulary.Vector(FilingTerms.Of(features)));

    /// <summary>A probability per label for a message already in the TF-IDF space.</summary>
    public double[] Predict(VBuffer<float> vector)
    {
        var scores = Scores(vector);
        return Calibration is { } calibration ? calibration.Probabilities(scores) : [.. scores.Select(s => (double)s)];
    }

    /// <summary>What the trainer answers: margins for the SVMs, probabilities for the others.</summary>
    public float[] Scores(FilingFeatures features) => Scores(FilingTerms.Of(features));

    /// <summary>What the trainer answers for terms already computed (see <see cref="FilingTerms"/>).</summary>
    public float[] Scores(List<string> terms) => Scores(Vocabulary.Vector(terms));

    private float[] Scores(VBuffer<float> vector)
    {
        var row = new TextModelRow { Features = vector };
        lock (_engineLock)
        {
            return _engine.Predict(row).Score;
        }
    }

    /// <summary>
    /// The terms that added most to label <paramref name="label"/>'s score (an index into <see cref="Labels"/>): each term's
    /// weight in the message times the label's SVM weight for it, largest first. Empty for trainers that are not one linear model per label.
    /// </summary>
    public IReadOnlyList<(string Term, double Weight)> StrongestTerms(VBuffer<float> vector, int label, int count)
    {
        if (_weights is null || label < 0 || label >= _weights.Length)
        {
            return [];
        }

        var weights = _weights[label];
        var indices = vector.GetIndices();
        var values = vector.GetValues();
        var contributions = new List<(string Term, double Weight)>(values.Length);
        for (var k = 0; k < values.Length; k++)
        {
            var term = indices.Length == 0 ? k : indices[k];
            var weight = term < weights.Count ? weights[term] * values[k] : 0;
            if (weight > 0)
            {
                contributions.Add((Vocabulary.Terms[term], weight));
            }
        }

        return [.. contributions.OrderByDescending(c => c.Weight).ThenBy(c => c.Term, StringComparer.Ordinal).Take(count)];
    }

    /// <summary>Whether <see cref="Scores"/> are margins that need a <see cref="Calibration"/>.</summary>
    public static bool GivesMargins(TextTrainer trainer) => trainer is TextTrainer.SdcaSvm or TextTrainer.SdcaSmoothedSvm;

    // LinearSVC's C = 1 over n examples is SDCA's L2 regularisation 1 / n: the same optimum, so the same model.
    private static IEstimator<ITransformer> Trainer(MLContext ml, TextTrainer trainer, float? l2, int examples)
    {
        var svmL2 = l2 ?? 1f / Math.Max(examples, 1);
        return trainer switch
        {
            // Raw margins, calibrated by Calibrate.
            TextTrainer.SdcaSvm => ml.MulticlassClassification.Trainers.OneVersusAll(Sdca(ml, new HingeLoss(), svmL2), useProbabilities: false),
            TextTrainer.SdcaSmoothedSvm => ml.MulticlassClassification.Trainers.OneVersusAll(Sdca(ml, new SmoothedHingeLoss(), svmL2), useProbabilities: false),
            TextTrainer.LbfgsMaximumEntropy => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(l1Regularization: 0, l2Regularization: l2 ?? 1),
            TextTrainer.OneVersusAllSvm => ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.LinearSvm(new LinearSvmTrainer.Options { NumberOfIterations = 10, Lambda = l2 ?? 0.001f }), useProbabilities: true),
            _ => ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(l2Regularization: l2),
        };
    }

    // One thread: the result does not depend on scheduling, and one-versus-all already keeps the cores busy enough.
    private static SdcaNonCalibratedBinaryTrainer Sdca(MLContext ml, ISupportSdcaClassificationLoss loss, float l2) =>
        ml.BinaryClassification.Trainers.SdcaNonCalibrated(new SdcaNonCalibratedBinaryTrainer.Options
        {
            LossFunction = loss,
            L2Regularization = l2,
            L1Regularization = 0,
            NumberOfThreads = 1,
        });

    // Platt on the training margins, as ML.NET's one-versus-all would, but over one pass of scores: its own calibrators cost three times the SVMs.
    private static PlattCalibration Calibrate(MLContext ml, IDataView scored, IReadOnlyList<string> modelLabels, IReadOnlyList<string> labels)
    {
        var margins = ml.Data.CreateEnumerable<TextModelScores>(scored, reuseRowObject: false).Select(s => s.Score).ToList();
        var index = modelLabels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        return PlattCalibration.Fit(margins, [.. labels.Select(l => index[l])], modelLabels.Count);
    }

    // One-versus-all keeps one linear model per label, in the order of the score's slots. ML.NET 5 keeps the list of them
    // internal, so it is read by reflection; should a later ML.NET rename it, the evidence loses its terms and nothing else
    // (LearnedModelTests checks that terms are there, so an upgrade that breaks this fails a test).
    private static IReadOnlyList<float>[]? LinearWeights(ITransformer transformer, int labels)
    {
        var last = transformer is TransformerChain<ITransformer> chain ? chain.LastOrDefault() : transformer;
        if (last is not IPredictionTransformer<object> { Model: OneVersusAllModelParameters ova }
            || SubModels.GetValue(ova) is not System.Collections.IEnumerable subModels)
        {
            return null;
        }

        var models = subModels.Cast<object>().OfType<LinearModelParameters>().Select(m => m.Weights).ToArray();
        return models.Length == labels ? models : null;
    }

    private static readonly System.Reflection.PropertyInfo SubModels =
        typeof(OneVersusAllModelParameters).GetProperty("SubModelParameters", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic)!;

    private static string[] ReadLabels(DataViewSchema outputSchema)
    {
        var names = default(VBuffer<ReadOnlyMemory<char>>);
        outputSchema["Score"].GetSlotNames(ref names);
        return [.. names.DenseValues().Select(n => n.ToString())];
    }
}
