using EmailTriage.Labels;
using EmailTriage.State;

namespace EmailTriage.Filing;

/// <summary>
/// Trains, opens and saves learned models (EmailTriage.Learning registers the implementation; without it no model is used).
/// A model lives in its mailbox's state store under <see cref="ModelName"/>, or in the file <c>--model</c> names.
/// </summary>
public interface IFilingModels
{
    /// <summary>The state item a mailbox's model is kept in.</summary>
    public const string ModelName = "learned-model.zip";

    /// <summary>How much body text the models read (more than the LLM is sent, which the prompt cuts to LLM_MAX_BODY_CHARS).</summary>
    int BodyChars { get; }

    /// <summary>
    /// The model kept in <paramref name="store"/> under <paramref name="name"/> for these labels, or null when none was
    /// trained. A model trained for another label set is retrained from its own examples for these labels, never used as it
    /// is; that happens in memory only (<see cref="IFilingModel.Changed"/> is then true): opening never saves, so a dry run or
    /// classify with another label file changes nothing.
    /// </summary>
    Task<IFilingModel?> OpenAsync(IStateStore store, string name, LabelConfig labels, CancellationToken cancellationToken);

    /// <summary>Trains a model on filed mail for these labels (nothing is sent anywhere).</summary>
    IFilingModel Train(IReadOnlyList<FiledMessage> mail, LabelConfig labels, CancellationToken cancellationToken);

    /// <summary>
    /// Trains a model on filed mail for these labels, keeping what the user taught the model kept in <paramref name="store"/>
    /// under <paramref name="name"/> (the corrections and filings it learned in the mailbox, whatever their labels), which the
    /// mailbox never offers again; <see cref="FilingModelReport.Kept"/> says what was kept. A model kind that keeps nothing
    /// taught trains afresh.
    /// </summary>
    Task<IFilingModel> TrainKeepingAsync(IReadOnlyList<FiledMessage> mail, LabelConfig labels, IStateStore store, string name, CancellationToken cancellationToken) =>
        Task.FromResult(Train(mail, labels, cancellationToken));

    Task SaveAsync(IFilingModel model, IStateStore store, string name, CancellationToken cancellationToken);
}
