using System.IO.Compression;
using System.Text.Json;

namespace EmailTriage.Learning;

/// <summary>
/// One file per model: a zip holding ML.NET's own model zip and our JSON (memories, blend, gate, label set,
/// TF-IDF vocabulary, kept examples), so a blob store or a folder keeps it as one thing that is replaced whole.
/// </summary>
internal static class LearnedModelFile
{
    private const string TextEntry = "text-model.zip";
    private const string StateEntry = "learned.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void Save(LearnedModel model, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var zip = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true);
        using (var text = zip.CreateEntry(TextEntry, CompressionLevel.NoCompression).Open())
        {
            model.Text.Save(text);
        }

        var state = new LearnedModelState
        {
            LabelSetIdentity = model.LabelSet.Identity,
            Labels = [.. model.LabelSet.Labels],
            Weights = model.Weights,
            Gate = model.Gates.Main,
            NovelGate = model.Gates.Novel,
            HeldOut = [.. model.HeldOut],
            Monitor = model.Monitor.Clone(),
            Report = model.Report,
            Senders = model.Senders,
            Threads = model.Threads,
            BodyChars = model.BodyChars,
            Vocabulary = model.Text.Vocabulary,
            Calibration = model.Text.Calibration,
            Examples = [.. model.KeptExamples.All],
            Aside = [.. model.KeptExamples.Aside],
            Pending = [.. model.KeptExamples.PendingKeys],
        };
        using var json = zip.CreateEntry(StateEntry, CompressionLevel.Optimal).Open();
        JsonSerializer.Serialize(json, state, Json);
    }

    /// <summary>Reads a model and refuses it unless it was trained for <paramref name="labels"/>; <paramref name="name"/> names it in messages.</summary>
    public static LearnedModel Load(Stream source, IEnumerable<string> labels, string name)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return Read(source, new LabelSet(labels), name);
    }

    /// <summary>
    /// Reads a model whatever labels it was trained for, so a caller whose label file changed can
    /// <see cref="LearnedModel.Retrain"/> it for the new labels instead of reading the mailbox again.
    /// </summary>
    public static LearnedModel LoadAnyLabels(Stream source, string name) => Read(source, required: null, name);

    private static LearnedModel Read(Stream source, LabelSet? required, string name)
    {
        ArgumentNullException.ThrowIfNull(source);
        try
        {
            using var zip = new ZipArchive(source, ZipArchiveMode.Read, leaveOpen: true);
            var state = ReadState(zip, name);
            var trained = new LabelSet(state.Labels);
            if (trained.Identity != state.LabelSetIdentity)
            {
                throw new LearningException($"The learned model {name} is damaged (its label list does not match its identity). Run 'emailtriage learn' again.");
            }

            if (required is not null)
            {
                trained.EnsureSameAs(required, name);
            }

            var current = required ?? trained;
            var entry = zip.GetEntry(TextEntry) ?? throw new LearningException($"The learned model {name} has no {TextEntry}. Run 'emailtriage learn' again.");

            // ML.NET needs a seekable stream; a zip entry is not one.
            using var text = new MemoryStream();
            using (var entryStream = entry.Open())
            {
                entryStream.CopyTo(text);
            }

            text.Position = 0;
            var examples = new KeptExamples(state.Examples, state.Pending, state.Aside);
            var textModel = LoadText(text, state.Vocabulary, name);
            textModel.Calibration = state.Calibration;
            return new LearnedModel(
                textModel, current, state.Senders, state.Threads, state.Weights, new GateSet(state.Gate, state.NovelGate ?? state.Gate), state.Report, examples, state.BodyChars)
            {
                HeldOut = state.HeldOut ?? [],
                Monitor = state.Monitor ?? new GateMonitor(),
            };
        }
        catch (InvalidDataException ex)
        {
            throw new LearningException($"The learned model {name} is not a model file ({ex.Message.TrimEnd('.')}). Run 'emailtriage learn' again.", ex);
        }
    }

    // ML.NET reads its own format with its own checks, and damaged bytes surface as whatever its reader met first
    // (EndOfStreamException, FormatException, InvalidOperationException, FileNotFoundException for an assembly name made
    // of damaged bytes, ...): all mean the same to the user, and their text (damaged bytes among it) helps nobody.
    private static TextModel LoadText(MemoryStream text, TfidfVocabulary vocabulary, string name)
    {
        try
        {
            return TextModel.Load(text, vocabulary);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or OutOfMemoryException))
        {
            throw new LearningException($"The learned model {name} is damaged (its ML.NET part cannot be read). Run 'emailtriage learn' again.", ex);
        }
    }

    private static LearnedModelState ReadState(ZipArchive zip, string name)
    {
        var entry = zip.GetEntry(StateEntry) ?? throw new LearningException($"The learned model {name} has no {StateEntry}. Run 'emailtriage learn' again.");
        using var stream = entry.Open();
        try
        {
            var state = JsonSerializer.Deserialize<LearnedModelState>(stream, Json);
            if (state is null || state.Version != LearnedModelState.CurrentVersion)
            {
                throw new LearningException($"The learned model {name} was written by another version of EmailTriage. Run 'emailtriage learn' again.");
            }

            return state;
        }
        catch (JsonException ex)
        {
            throw new LearningException($"The learned model {name} is damaged ({ex.Message.TrimEnd('.')}). Run 'emailtriage learn' again.", ex);
        }
    }
}
