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
            // A model never answers for another label set: rebuilt from its own examples for the labels the file has now,
            // in memory only. Opening saves nothing (a dry run and classify change nothing); a run that saves keeps the
            // examples of labels that left the file aside in it, so they return with their label.
            LogRetrainingForLabels(logger, where, model.LabelSet.Labels.Count, current.Labels.Count);
            var rebuilt = new LearnedFilingModel(model.Retrain(current.Labels, options.Value, cancellationToken), options.Value);
            rebuilt.Unsaved();
            return rebuilt;
        }

        return new LearnedFilingModel(model, options.Value);
    }

    public async Task<IFilingModel> TrainKeepingAsync(IReadOnlyList<FiledMessage> mail, LabelConfig labels, IStateStore store, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mail);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(store);
        var (taught, unreadable) = await TaughtAsync(store, name, cancellationToken);

        // What the user taught comes first, so a message read again from filed mail under the same label stays a correction;
        // under another label, the filed mail is the later word.
        var examples = taught.Concat(mail.Select(m => FiledExample.From(m.Message, m.Label, corrected: false, options.Value.BodyChars))).ToList();
        var model = LearnedModelTrainer.Fit(examples, new LabelSet(labels.AllNames), options.Value, cancellationToken);
        var kept = model.KeptExamples.All.Where(IsTaught).ToList();
        var aside = model.KeptExamples.Aside.Where(IsTaught).ToList();
        var corrections = kept.Count(e => e.Corrected) + aside.Count(e => e.Corrected);
        if (kept.Count + aside.Count > 0)
        {
            LogKeptTaught(logger, name, store.Description, corrections, kept.Count + aside.Count - corrections, aside.Count);
        }

        return new LearnedFilingModel(model, options.Value)
        {
            Kept = new FilingKept(corrections, kept.Count + aside.Count - corrections, aside.Count, unreadable),
        };
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

    /// <summary>What the user taught the model kept in the store (corrections and filings learned in the mailbox, aside ones too); none when there is no model, or it cannot be read (why).</summary>
    private async Task<(List<FiledExample> Taught, string? Unreadable)> TaughtAsync(IStateStore store, string name, CancellationToken cancellationToken)
    {
        await using var stream = await store.OpenReadAsync(name, cancellationToken);
        if (stream is null)
        {
            return ([], null);
        }

        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, cancellationToken);
        copy.Position = 0;
        try
        {
            var before = LearnedModelFile.LoadAnyLabels(copy, $"{name} in {store.Description}");
            return ([.. before.KeptExamples.Aside.Concat(before.KeptExamples.All).Where(IsTaught)], null);
        }
        catch (LearningException ex)
        {
            // A damaged model is what 'learn' is run again for: it trains afresh, and says what could not be kept.
            LogBeforeUnreadable(logger, name, store.Description, ex.Message);
            return ([], ex.Message);
        }
    }

    // Files written before examples were marked as taught still mark corrections.
    private static bool IsTaught(FiledExample example) => example.Taught || example.Corrected;

    [LoggerMessage(Level = LogLevel.Information, Message = "Training {Model} in {Store} again keeps what the user taught the model there: {Corrections} corrections and {Filings} filings learned in the mailbox ({Aside} of them under labels not in the label file, kept aside)")]
    private static partial void LogKeptTaught(ILogger logger, string model, string store, int corrections, int filings, int aside);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The learned model {Model} in {Store} could not be read, so what it learned in the mailbox cannot be kept: {Error}")]
    private static partial void LogBeforeUnreadable(ILogger logger, string model, string store, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The learned model {Model} was trained for another label set ({Before} labels, now {After}): retraining it from its own examples for the current labels; examples of labels no longer in the label file are kept aside in it")]
    private static partial void LogRetrainingForLabels(ILogger logger, string model, int before, int after);

    [LoggerMessage(Level = LogLevel.Information, Message = "Learned model saved as {Model} in {Store} ({Bytes} bytes)")]
    private static partial void LogSaved(ILogger logger, string model, string store, long bytes);
}
