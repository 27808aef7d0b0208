using EmailTriage.Filing;
using EmailTriage.Labels;
using EmailTriage.Mail;
using EmailTriage.State;

namespace EmailTriage.Graph.Tests.Support;

/// <summary>A learned model that never decides and remembers what it was taught; found in every mailbox's state store.</summary>
internal sealed class RecordingFilingModels(RecordingFilingModel model) : IFilingModels
{
    public int BodyChars => 2000;

    public Task<IFilingModel?> OpenAsync(IStateStore store, string name, LabelConfig labels, CancellationToken cancellationToken) =>
        Task.FromResult<IFilingModel?>(model);

    public IFilingModel Train(IReadOnlyList<FiledMessage> mail, LabelConfig labels, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Tests open the recording model; they do not train one.");

    public Task SaveAsync(IFilingModel model, IStateStore store, string name, CancellationToken cancellationToken) => Task.CompletedTask;
}

internal sealed class RecordingFilingModel : IFilingModel
{
    public List<FiledMessage> Learned { get; } = [];

    public IReadOnlyList<string> Labels { get; } = [];

    public int Retrains => 0;

    public FilingModelReport Report { get; } = new();

    public void BeginRun()
    {
    }

    public bool Changed => Learned.Count > 0;

    public FilingGuess Guess(MailMessage message) => new("Review", 0, Decided: false, "nothing learned", []);

    public bool Learn(FiledMessage filing)
    {
        Learned.Add(filing);
        return true;
    }

    public bool RetrainIfDue(CancellationToken cancellationToken) => false;
}
