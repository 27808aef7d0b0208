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

    private TextModel(MLContext ml, ITransformer transformer, DataViewSchema inputSchema, TfidfVocabulary vocabulary)
    {
        _ml = ml;
        _transformer = transformer;
        _inputSchema = inputSchema;
        Vocabulary = vocabulary;
        _engine = ml.Model.CreatePredictionEngine<TextModelRow, TextModelScores>(transformer, inputSchemaDefinition: TextModelRow.Schema(vocabulary.Size));
        Labels = ReadLabels(transformer.GetOutputSchema(inputSchema));
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
    public double[] Predict(FilingFeatures features)
    {
        var scores = Scores(features);
        return Calibration is { } calibration ? calibration.Probabilities(scores) : [.. scores.Select(s => (double)s)];
    }

    /// <summary>What the trainer answers: margins for the SVMs, probabilities for the others.</summary>
    public float[] Scores(FilingFeatures features)
    {
        var row = new TextModelRow { Features = Vocabulary.Vector(FilingTerms.Of(features)) };
        lock (_engineLock)
        {
            return _engine.Predict(row).Score;
        }
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

    private static string[] ReadLabels(DataViewSchema outputSchema)
    {
        var names = default(VBuffer<ReadOnlyMemory<char>>);
        outputSchema["Score"].GetSlotNames(ref names);
        return [.. names.DenseValues().Select(n => n.ToString())];
    }
}
