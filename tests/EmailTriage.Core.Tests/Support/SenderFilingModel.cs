using System.Text.Json;
using EmailTriage.Filing;
using EmailTriage.Labels;
using EmailTriage.Mail;
using EmailTriage.State;

namespace EmailTriage.Core.Tests.Support;

/// <summary>
/// A learned model for tests of the core's use of one: it decides a sender it was taught, and nothing else. It keeps
/// every filing it was given, in order, and retrains (counted) after <see cref="RetrainEvery"/> filings.
/// </summary>
public sealed class SenderFilingModel : IFilingModel
{
    private readonly Dictionary<string, string> _senders = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _lock = new();
    private int _sinceRetrain;
    private int _retrainsThisRun;

    public SenderFilingModel(IReadOnlyList<string> labels, IReadOnlyDictionary<string, string>? senders = null)
    {
        Labels = labels;
        foreach (var (sender, label) in senders ?? new Dictionary<string, string>())
        {
            _senders[sender] = label;
        }
    }

    public IReadOnlyList<string> Labels { get; }

    public List<FiledMessage> Learned { get; } = [];

    public IReadOnlyDictionary<string, string> Senders
    {
        get
        {
            lock (_lock)
            {
                return new Dictionary<string, string>(_senders, StringComparer.OrdinalIgnoreCase);
            }
        }
    }

    public int RetrainEvery { get; init; } = int.MaxValue;

    public int MaxRetrainsPerRun { get; init; } = 1;

    public FilingModelReport Report { get; } = new();

    public int Retrains { get; private set; }

    public bool Changed { get; set; }

    public FilingGuess Guess(MailMessage message)
    {
        lock (_lock)
        {
            return _senders.TryGetValue(message.FromAddress, out var label)
                ? new FilingGuess(label, 0.99, Decided: true, "sender", [label]) { Gate = 0.9 }
                : new FilingGuess(Labels[0], 0.2, Decided: false, "model", [Labels[0]]) { Gate = 0.9 };
        }
    }

    public bool Learn(FiledMessage filing)
    {
        lock (_lock)
        {
            if (_senders.TryGetValue(filing.Message.FromAddress, out var known) && known == filing.Label && filing.Kind == FilingKind.Filed)
            {
                return false;
            }

            _senders[filing.Message.FromAddress] = filing.Label;
            Learned.Add(filing);
            _sinceRetrain++;
            Changed = true;
            return true;
        }
    }

    public void BeginRun() => _retrainsThisRun = 0;

    public bool RetrainIfDue(CancellationToken cancellationToken)
    {
        if (_sinceRetrain < RetrainEvery || _retrainsThisRun >= MaxRetrainsPerRun)
        {
            return false;
        }

        _sinceRetrain = 0;
        _retrainsThisRun++;
        Retrains++;
        return true;
    }
}

/// <summary>Keeps <see cref="SenderFilingModel"/>s in a real state store, as JSON of what each sender is filed under.</summary>
public sealed class SenderFilingModels : IFilingModels
{
    public List<string> Saves { get; } = [];

    /// <summary>Makes every save fail, as a full disk would.</summary>
    public bool FailSaves { get; set; }

    public SenderFilingModel? LastOpened { get; private set; }

    /// <summary>Runs as a save starts, before anything is written: what else happens at that moment (a lock is lost).</summary>
    public Action? BeforeSave { get; set; }

    public Func<IReadOnlyList<FiledMessage>, SenderFilingModel>? Trainer { get; init; }

    public int BodyChars => 2000;

    public async Task<IFilingModel?> OpenAsync(IStateStore store, string name, LabelConfig labels, CancellationToken cancellationToken)
    {
        await using var stream = await store.OpenReadAsync(name, cancellationToken);
        if (stream is null)
        {
            return null;
        }

        var senders = await JsonSerializer.DeserializeAsync<Dictionary<string, string>>(stream, cancellationToken: cancellationToken);
        LastOpened = new SenderFilingModel(labels.AllNames, senders);
        return LastOpened;
    }

    public IFilingModel Train(IReadOnlyList<FiledMessage> mail, LabelConfig labels, CancellationToken cancellationToken)
    {
        if (Trainer is not null)
        {
            return Trainer(mail);
        }

        var model = new SenderFilingModel(labels.AllNames);
        foreach (var filing in mail)
        {
            model.Learn(filing);
        }

        return model;
    }

    public async Task SaveAsync(IFilingModel model, IStateStore store, string name, CancellationToken cancellationToken)
    {
        if (FailSaves)
        {
            throw new IOException("No space left on device");
        }

        BeforeSave?.Invoke();

        var sender = (SenderFilingModel)model;
        using var content = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(sender.Senders));
        await store.WriteAsync(name, content, cancellationToken);
        sender.Changed = false;
        Saves.Add($"{name} in {store.Description}");
    }
}
