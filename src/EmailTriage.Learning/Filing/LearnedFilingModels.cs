using EmailTriage.Filing;
using EmailTriage.Labels;
using EmailTriage.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmailTriage.Learning.Filing;

/// <summary>Trains, opens and saves learned models in a mailbox's state store (see <see cref="IFilingModels"/>).</summary>
internal sealed partial class LearnedFilingModels(IOptions<LearningOptions> options, ILogger<LearnedFilingModels> logger) : IFilingModels
{
    public int BodyChars => options.Value.BodyChars;

    public async Task<IFilingModel?> OpenAsync(IStateStore store, string name, LabelConfig labels, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(labels);
        await using var stream = await store.OpenReadAsync(name, cancellationToken);
        if (stream is null)
        {
            return null;
        }

        // Model files are read whole: ML.NET and the zip reader both want a seekable stream, which a blob download is not.
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, cancellationToken);
        copy.Position = 0;
        var where = $"{name} in {store.Description}";
        var model = LearnedModelFile.LoadAnyLabels(copy, where);
        var current = new LabelSet(labels.AllNames);
        if (model.LabelSet.Identity != current.Identity)
        {
            // A model never answers for another label set: rebuilt from its own examples for the labels the file has now.
            LogRetrainingForLabels(logger, where, model.LabelSet.Labels.Count, current.Labels.Count);
            model = model.Retrain(current.Labels, options.Value, cancellationToken);
            var rebuilt = new LearnedFilingModel(model, options.Value);
            await SaveAsync(rebuilt, store, name, cancellationToken);
            return rebuilt;
        }

        return new LearnedFilingModel(model, options.Value);
    }

    public IFilingModel Train(IReadOnlyList<FiledMessage> mail, LabelConfig labels, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mail);
        ArgumentNullException.ThrowIfNull(labels);
        var model = LearnedModelTrainer.Train(mail.Select(m => new TrainingExample(m.Message, m.Label)), labels.AllNames, options.Value, cancellationToken);
        return new LearnedFilingModel(model, options.Value);
    }

    public async Task SaveAsync(IFilingModel model, IStateStore store, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (model is not LearnedFilingModel learned)
        {
            throw new ArgumentException("Only a model this library made can be saved by it.", nameof(model));
        }

        using var content = new MemoryStream();
        LearnedModelFile.Save(learned.Model, content);
        content.Position = 0;
        await store.WriteAsync(name, content, cancellationToken);
        learned.Saved();
        LogSaved(logger, name, store.Description, content.Length);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The learned model {Model} was trained for another label set ({Before} labels, now {After}): retraining it from its own examples for the current labels")]
    private static partial void LogRetrainingForLabels(ILogger logger, string model, int before, int after);

    [LoggerMessage(Level = LogLevel.Information, Message = "Learned model saved as {Model} in {Store} ({Bytes} bytes)")]
    private static partial void LogSaved(ILogger logger, string model, string store, long bytes);
}
