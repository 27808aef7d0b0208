using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Text;

namespace EmailTriage.Learning;

/// <summary>
/// The ML.NET part: each text field featurised on its own (TF-IDF word 1-2 grams, so a long body cannot drown
/// the sender), joined, and a linear multiclass classifier over them. Answers a probability per label.
/// </summary>
internal sealed class TextModel
{
    private readonly MLContext _ml;
    private readonly ITransformer _transformer;
    private readonly DataViewSchema _inputSchema;
    private readonly PredictionEngine<TextModelRow, TextModelScores> _engine;
    private readonly Lock _engineLock = new();

    private TextModel(MLContext ml, ITransformer transformer, DataViewSchema inputSchema)
    {
        _ml = ml;
        _transformer = transformer;
        _inputSchema = inputSchema;
        _engine = ml.Model.CreatePredictionEngine<TextModelRow, TextModelScores>(transformer, inputSchema);
        Labels = ReadLabels(transformer.GetOutputSchema(inputSchema));
    }

    /// <summary>The labels in the order of <see cref="Predict"/>'s probabilities.</summary>
    public IReadOnlyList<string> Labels { get; }

    public static TextModel Train(IReadOnlyList<(FilingFeatures Features, string Label)> examples, TextTrainer trainer, float? l2 = null)
    {
        var ml = new MLContext(seed: 12);
        var data = ml.Data.LoadFromEnumerable(examples.Select(e => TextModelRow.From(e.Features, e.Label)));
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.Text.FeaturizeText("WhoFeatures", WordsOnly(ngrams: 1), nameof(TextModelRow.Who)))
            .Append(ml.Transforms.Text.FeaturizeText("SubjectFeatures", WordsOnly(ngrams: 2), nameof(TextModelRow.Subject)))
            .Append(ml.Transforms.Text.FeaturizeText("BodyFeatures", WordsOnly(ngrams: 2), nameof(TextModelRow.Body)))
            .Append(ml.Transforms.Concatenate("Features", "WhoFeatures", "SubjectFeatures", "BodyFeatures"))
            .AppendCacheCheckpoint(ml)
            .Append(Trainer(ml, trainer, l2));
        var transformer = pipeline.Fit(data);
        return new TextModel(ml, transformer, data.Schema);
    }

    public static TextModel Load(Stream stream)
    {
        var ml = new MLContext(seed: 12);
        var transformer = ml.Model.Load(stream, out var inputSchema);
        return new TextModel(ml, transformer, inputSchema);
    }

    public void Save(Stream stream) => _ml.Model.Save(_transformer, _inputSchema, stream);

    public float[] Predict(FilingFeatures features)
    {
        var row = TextModelRow.From(features);
        lock (_engineLock)
        {
            return _engine.Predict(row).Score;
        }
    }

    private static IEstimator<ITransformer> Trainer(MLContext ml, TextTrainer trainer, float? l2) => trainer switch
    {
        TextTrainer.LbfgsMaximumEntropy => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(l1Regularization: 0, l2Regularization: l2 ?? 1),
        TextTrainer.OneVersusAllSvm => ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.LinearSvm(new Microsoft.ML.Trainers.LinearSvmTrainer.Options { NumberOfIterations = 10, Lambda = l2 ?? 0.001f }), useProbabilities: true),
        _ => ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(l2Regularization: l2),
    };

    private static TextFeaturizingEstimator.Options WordsOnly(int ngrams) => new()
    {
        CaseMode = TextNormalizingEstimator.CaseMode.Lower,
        KeepDiacritics = false,
        KeepPunctuations = true,
        KeepNumbers = true,
        CharFeatureExtractor = null,
        WordFeatureExtractor = new WordBagEstimator.Options
        {
            NgramLength = ngrams,
            UseAllLengths = true,
            Weighting = NgramExtractingEstimator.WeightingCriteria.TfIdf,
        },
        Norm = TextFeaturizingEstimator.NormFunction.L2,
    };

    private static string[] ReadLabels(DataViewSchema outputSchema)
    {
        var names = default(VBuffer<ReadOnlyMemory<char>>);
        outputSchema["Score"].GetSlotNames(ref names);
        return [.. names.DenseValues().Select(n => n.ToString())];
    }
}
