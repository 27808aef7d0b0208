using EmailTriage.Azure.Tests.Support;
using EmailTriage.Filing;
using EmailTriage.Labels;
using EmailTriage.Learning;
using EmailTriage.Learning.Filing;
using EmailTriage.Mail;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EmailTriage.Azure.Tests;

/// <summary>The learned model as the Functions host keeps it: a blob in the state container, over a real Azurite.</summary>
public sealed class LearnedModelBlobTests(Azurite azurite)
{
    private static readonly string[] Names = ["Work", "Family"];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static LabelConfig Labels(params string[] names) =>
        new([.. names.Select(n => new LabelDefinition(n, n, [], [], LabelAction.None))], null, "labels.json");

    private static MailMessage Message(string id, string from, string subject, int day) => new()
    {
        Id = id,
        From = from,
        FromAddress = from,
        Subject = subject,
        Body = $"{subject}: more about it.",
        Date = new DateTimeOffset(2026, 1, 1, 9, 0, 0, TimeSpan.Zero).AddHours(day),
    };

    private static List<FiledMessage> Filed() =>
    [
        .. Enumerable.Range(0, 20).SelectMany(i => new[]
        {
            new FiledMessage(Message($"w{i}", "boss@acme.example", $"Budget review {i}", 2 * i), "Work"),
            new FiledMessage(Message($"f{i}", "mum@family.example", $"Sunday dinner {i}", (2 * i) + 1), "Family"),
        }),
    ];

    [Fact]
    public async Task The_model_blob_is_written_and_read_back_deciding_as_before()
    {
        var models = new LearnedFilingModels(Options.Create(new LearningOptions { TargetPrecision = 0 }), NullLogger<LearnedFilingModels>.Instance);
        var store = await azurite.Stores(Azurite.NewContainerName()).ForAsync(new NamedMailbox("gmail me@example.com"), Cancel);
        var trained = models.Train(Filed(), Labels(Names), Cancel);
        var probe = Message("new", "mum@family.example", "Sunday dinner again", 99);

        await models.SaveAsync(trained, store, IFilingModels.ModelName, Cancel);
        var loaded = await models.OpenAsync(store, IFilingModels.ModelName, Labels(Names), Cancel);

        Assert.NotNull(loaded);
        Assert.Equal(trained.Guess(probe), loaded.Guess(probe), new GuessComparer());
        Assert.Equal("Family", loaded.Guess(probe).Label);
    }

    [Fact]
    public async Task A_model_for_other_labels_is_retrained_for_the_current_ones_and_saved_again()
    {
        var models = new LearnedFilingModels(Options.Create(new LearningOptions { TargetPrecision = 0 }), NullLogger<LearnedFilingModels>.Instance);
        var store = await azurite.Stores(Azurite.NewContainerName()).ForAsync(new NamedMailbox("gmail me@example.com"), Cancel);
        await models.SaveAsync(models.Train(Filed(), Labels(Names), Cancel), store, IFilingModels.ModelName, Cancel);

        var loaded = await models.OpenAsync(store, IFilingModels.ModelName, Labels("Work", "Family", "Travel"), Cancel);
        var again = await models.OpenAsync(store, IFilingModels.ModelName, Labels("Work", "Family", "Travel"), Cancel);

        Assert.Equal(["Family", "Travel", "Work"], loaded!.Labels.Order(StringComparer.Ordinal));
        Assert.Equal(loaded.Labels.Order(StringComparer.Ordinal), again!.Labels.Order(StringComparer.Ordinal));
    }

    private sealed class GuessComparer : IEqualityComparer<FilingGuess>
    {
        public bool Equals(FilingGuess? x, FilingGuess? y) =>
            x is not null && y is not null && x.Label == y.Label && Math.Abs(x.Confidence - y.Confidence) < 1e-9 && x.Decided == y.Decided && x.Likely.SequenceEqual(y.Likely);

        public int GetHashCode(FilingGuess obj) => obj.Label.GetHashCode(StringComparison.Ordinal);
    }
}
