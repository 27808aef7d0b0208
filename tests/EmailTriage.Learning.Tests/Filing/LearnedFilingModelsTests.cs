using EmailTriage.Filing;
using EmailTriage.Labels;
using EmailTriage.Learning.Filing;
using EmailTriage.Mail;
using EmailTriage.State;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EmailTriage.Learning.Tests.Filing;

/// <summary>
/// Models in a real state folder as the app opens, trains and saves them: what the user taught is never thrown away, not by
/// opening for another label file (which saves nothing), a label that leaves and returns, a label never in the file, nor
/// training again.
/// </summary>
public sealed class LearnedFilingModelsTests : IDisposable
{
    private const string Name = "learned-model.zip";
    private static readonly LearningOptions Options = MadeUpMail.Options(target: 0);
    private readonly string _folder = Directory.CreateTempSubdirectory("emailtriage-models-").FullName;
    private readonly LearnedFilingModels _models = new(Microsoft.Extensions.Options.Options.Create(Options), NullLogger<LearnedFilingModels>.Instance);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private FileStateStore Store => new(_folder);

    private string ModelPath => Path.Combine(_folder, Name);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static LabelConfig Labels(params string[] names) =>
        new([.. names.Select(n => new LabelDefinition(n, $"{n} mail", [], [], LabelAction.None))], null, "labels.json");

    private static IReadOnlyList<FiledMessage> Mailbox() => [.. MadeUpMail.Mailbox().Select(m => new FiledMessage(m.Message, m.Label))];

    private static MailMessage FromDigest(string id, int day) => MadeUpMail.Message(id, "digest@news.example", $"Weekly digest issue {id}", "Top stories this week.", day);

    private async Task<LearnedFilingModel> TrainAsync(params string[] labels)
    {
        var model = (LearnedFilingModel)_models.Train(Mailbox(), Labels(labels.Length == 0 ? MadeUpMail.Labels : labels), Ct);
        await _models.SaveAsync(model, Store, Name, Ct);
        return model;
    }

    private async Task<LearnedFilingModel> OpenAsync(params string[] labels) =>
        (LearnedFilingModel)(await _models.OpenAsync(Store, Name, Labels(labels), Ct))!;

    [Fact]
    public async Task Opening_for_another_label_file_adapts_the_model_in_memory_and_saves_nothing()
    {
        await TrainAsync();
        var before = await File.ReadAllBytesAsync(ModelPath, Ct);

        var opened = await OpenAsync("Work", "Family");

        Assert.Equal(["Work", "Family"], opened.Labels);
        Assert.True(opened.Changed, "a run that may change things saves the adapted model");
        Assert.Equal(before, await File.ReadAllBytesAsync(ModelPath, Ct));
    }

    [Fact]
    public async Task A_label_that_leaves_the_label_file_and_returns_gets_its_examples_back()
    {
        await TrainAsync();
        await _models.SaveAsync(await OpenAsync("Work", "Family"), Store, Name, Ct);

        var back = await OpenAsync(MadeUpMail.Labels);

        Assert.Equal(15, back.Report.MessagesPerLabel["Newsletters"]);
        Assert.Equal("Newsletters", back.Guess(FromDigest("n99", 50)).Label);
    }

    [Fact]
    public async Task A_correction_to_a_label_not_in_the_label_file_is_kept_aside_and_decides_once_the_label_is_added()
    {
        var model = await TrainAsync("Work", "Family");

        Assert.True(model.Learn(new FiledMessage(FromDigest("c1", 50), "Newsletters", FilingKind.Corrected)));
        Assert.False(model.Learn(new FiledMessage(FromDigest("c1", 50), "Newsletters", FilingKind.Corrected)));
        Assert.True(model.Changed);
        await _models.SaveAsync(model, Store, Name, Ct);

        var added = await OpenAsync(MadeUpMail.Labels);
        var guess = added.Guess(FromDigest("c2", 51));

        Assert.Equal(("Newsletters", "correction"), (guess.Label, guess.Evidence));
    }

    [Fact]
    public async Task Training_again_keeps_the_corrections_and_filings_taught_in_the_mailbox_and_says_how_many()
    {
        var model = await TrainAsync();
        model.Learn(new FiledMessage(FromDigest("c1", 50), "Work", FilingKind.Corrected));
        model.Learn(new FiledMessage(MadeUpMail.Message("t1", "agent@travel.example", "Your trip", "Tickets attached.", 51), "Family", FilingKind.Filed));
        model.Learn(new FiledMessage(MadeUpMail.Message("t2", "agent@travel.example", "Your hotel", "Booking attached.", 52), "Travel", FilingKind.Corrected));
        await _models.SaveAsync(model, Store, Name, Ct);

        var again = await _models.TrainKeepingAsync(Mailbox(), Labels(MadeUpMail.Labels), Store, Name, Ct);

        Assert.Equal(new FilingKept(Corrections: 2, Filings: 1, OutsideLabelSet: 1), again.Report.Kept);
        Assert.Equal(("Work", "correction"), (again.Guess(FromDigest("c2", 53)).Label, again.Guess(FromDigest("c2", 53)).Evidence));
        Assert.Equal(47, again.Report.Messages);
    }

    [Fact]
    public async Task Training_again_over_a_damaged_model_trains_afresh_and_says_nothing_could_be_kept()
    {
        await File.WriteAllTextAsync(ModelPath, "not a zip", Ct);

        var again = await _models.TrainKeepingAsync(Mailbox(), Labels(MadeUpMail.Labels), Store, Name, Ct);

        Assert.Equal(45, again.Report.Messages);
        Assert.Contains("is not a model file", again.Report.Kept!.Unreadable, StringComparison.Ordinal);
    }
}
