using System.Collections.Concurrent;
using EmailTriage.Filing;
using EmailTriage.Mail;

namespace EmailTriage.Evaluation;

/// <summary>
/// The model eval measures, passed through unchanged, keeping each message's guess: eval reports how the model's best
/// label did on every message it was asked about, not only where it decided alone.
/// </summary>
internal sealed class GuessRecorder(IFilingModel model) : IFilingModel
{
    private readonly ConcurrentDictionary<string, string> _guesses = new(StringComparer.Ordinal);

    public IFilingModel Model => model;

    public IReadOnlyList<string> Labels => model.Labels;

    public FilingModelReport Report => model.Report;

    public int Retrains => model.Retrains;

    public bool Changed => model.Changed;

    public string? GuessFor(string messageId) => _guesses.GetValueOrDefault(messageId);

    public FilingGuess Guess(MailMessage message)
    {
        var guess = model.Guess(message);
        _guesses[message.Id] = guess.Label;
        return guess;
    }

    public void Applied(MailMessage message, string label) => model.Applied(message, label);

    public bool Learn(FiledMessage filing) => model.Learn(filing);

    public bool RetrainIfDue(CancellationToken cancellationToken) => model.RetrainIfDue(cancellationToken);

    public void BeginRun() => model.BeginRun();
}
