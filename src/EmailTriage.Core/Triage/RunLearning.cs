using EmailTriage.Errors;
using EmailTriage.Filing;
using EmailTriage.Labels;
using EmailTriage.Mail;
using EmailTriage.Mailboxes;
using EmailTriage.State;
using Microsoft.Extensions.Logging;

namespace EmailTriage.Triage;

/// <summary>
/// The learned model's part in one run: found in the mailbox's state store (or the file --model names), taught what the
/// user filed or corrected since the last run, retrained when its cadence says so, and saved at the end; only then does
/// the mailbox's feedback cursor move, so a kill in between reads the same feedback again (learning it twice changes nothing).
/// A model that cannot be saved does not undo the labels already applied: the run sums up and says why (see
/// <see cref="LearningSummary.NotSavedBecause"/>), and the feedback is read again next run.
/// </summary>
internal sealed partial class RunLearning
{
    private readonly IFilingModels? _models;
    private readonly IStateStore? _store;
    private readonly string _name;
    private readonly IFilingFeedback? _feedback;
    private readonly LabelConfig _labels;
    private readonly ILogger _logger;
    private readonly SortedSet<string> _asideLabels = new(StringComparer.Ordinal);
    private int _filed;
    private int _corrected;
    private int _aside;

    private RunLearning(IFilingModel model, IFilingModels? models, IStateStore? store, string name, IFilingFeedback? feedback, LabelConfig labels, ILogger logger)
    {
        Model = model;
        _labels = labels;
        _models = models;
        _store = store;
        _name = name;
        _feedback = feedback;
        _logger = logger;
    }

    public IFilingModel Model { get; }

    private string Where => _store is null ? "given by the caller" : $"{_name} in {_store.Description}";

    /// <summary>The run's model, or null when none exists (or learning is not part of this host).</summary>
    public static async Task<RunLearning?> OpenAsync(
        IMailboxSession session, IStateStore mailboxState, TriageRequest request, LabelConfig labels, IFilingModels? models, ILogger logger, CancellationToken cancellationToken)
    {
        if (request.Model is { } given)
        {
            return new RunLearning(given, null, null, IFilingModels.ModelName, null, labels, logger);
        }

        if (models is null)
        {
            return null;
        }

        var (store, name) = request.ModelFile is { } file
            ? FileStateStore.ForFile(file)
            : (mailboxState, IFilingModels.ModelName);
        var model = await models.OpenAsync(store, name, labels, cancellationToken);
        if (model is null)
        {
            if (request.ModelFile is not null)
            {
                throw new FileNotFoundException($"The learned model {Path.GetFullPath(request.ModelFile)} does not exist. Train one with 'emailtriage learn --model {request.ModelFile}', or leave out --model.");
            }

            return null;
        }

        // A dry run changes nothing: it uses the model as it is.
        var feedback = request.DryRun ? null : session.Filing;
        var learning = new RunLearning(model, request.DryRun ? null : models, store, name, feedback, labels, logger);
        LogUsing(logger, learning.Where);
        return learning;
    }

    /// <summary>Learns what the user filed or corrected in the mailbox since the last run, before any new message is decided.</summary>
    public async Task LearnFromUserAsync(MailReader reader, CancellationToken cancellationToken)
    {
        if (_feedback is null || _store is null)
        {
            return;
        }

        await foreach (var filing in _feedback.ReadFilingAsync(cancellationToken))
        {
            MailMessage message;
            try
            {
                message = await reader.ReadAsync(filing.Item, cancellationToken);
            }
            catch (MailboxUnavailableException ex)
            {
                // The cursor still moves: a message that cannot be read now teaches nothing later either.
                LogFilingUnreadable(_logger, filing.Item.Id, ex.Message);
                continue;
            }

            if (!Model.Learn(new FiledMessage(message, filing.Label, filing.Kind)))
            {
                continue;
            }

            if (_labels.Canonical(filing.Label) is null)
            {
                _aside++;
                _asideLabels.Add(filing.Label);
            }
            else
            {
                _ = filing.Kind == FilingKind.Corrected ? _corrected++ : _filed++;
            }
        }

        if (_filed + _corrected > 0)
        {
            LogLearned(_logger, _filed, _corrected);
        }

        if (_aside > 0)
        {
            LogKeptAside(_logger, _aside, _asideLabels);
        }
    }

    /// <summary>Retrains when due and saves what changed; then moves the feedback cursor.</summary>
    public async Task<LearningSummary> FinishAsync(CancellationToken cancellationToken)
    {
        var saved = false;
        string? notSaved = null;
        FailureKind? failure = null;
        if (_models is not null && _store is not null)
        {
            if (Model.RetrainIfDue(cancellationToken))
            {
                LogRetrained(_logger, Where);
            }

            try
            {
                if (Model.Changed)
                {
                    await _models.SaveAsync(Model, _store, _name, cancellationToken);
                    saved = true;
                }

                // Only after the save: what was read is learned again next run unless the model that learned it was kept.
                if (_feedback is not null)
                {
                    await _feedback.CommitFilingAsync(cancellationToken);
                }
            }
            catch (Exception ex) when (SaveFailure(ex) is { } kind)
            {
                failure = kind;
                var fix = ex is IOException or UnauthorizedAccessException ? $"; make {_store.Description} writable (free disk space, permissions) and run again" : string.Empty;
                notSaved = saved
                    ? $"the model was saved, but not how far the mailbox was read ({ex.Message.TrimEnd('.')}): what you filed or corrected is read again next run{fix}"
                    : $"{ex.Message.TrimEnd('.')}. The labels stand, and what you filed or corrected is read again next run{fix}";
                LogNotSaved(_logger, Where, notSaved);
            }
        }

        return new LearningSummary(Where, _filed, _corrected, Model.Retrains, saved)
        {
            KeptAside = _aside,
            AsideLabels = [.. _asideLabels],
            NotSavedBecause = notSaved,
            NotSavedFailure = failure,
        };
    }

    /// <summary>
    /// The kind of a failure to write the model or the cursor: the store's own (storage that cannot be reached), else a file
    /// that cannot be written, as the CLI takes it anywhere (the user must free space or fix permissions); null for a bug.
    /// </summary>
    private static FailureKind? SaveFailure(Exception exception) =>
        FailureKinds.Of(exception) ?? (exception is IOException or UnauthorizedAccessException ? FailureKind.BadConfiguration : null);

    [LoggerMessage(Level = LogLevel.Information, Message = "Using the learned model {Model}")]
    private static partial void LogUsing(ILogger logger, string model);

    [LoggerMessage(Level = LogLevel.Information, Message = "Learned from the mailbox: {Filed} messages filed and {Corrected} corrections by the user since the last run")]
    private static partial void LogLearned(ILogger logger, int filed, int corrected);

    [LoggerMessage(Level = LogLevel.Information, Message = "Kept {Count} filings and corrections under labels that are not in the label file ({Labels}): the model learns them once those labels are added to it")]
    private static partial void LogKeptAside(ILogger logger, int count, IReadOnlyCollection<string> labels);

    [LoggerMessage(Level = LogLevel.Error, Message = "The learned model {Model} could not be saved: {Reason}")]
    private static partial void LogNotSaved(ILogger logger, string model, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The learned model {Model} retrained on what it learned")]
    private static partial void LogRetrained(ILogger logger, string model);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} the user filed could not be read, so nothing is learned from it: {Error}")]
    private static partial void LogFilingUnreadable(ILogger logger, string messageId, string error);
}
