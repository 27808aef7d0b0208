using EmailTriage.Core.Tests.Support;
using EmailTriage.Evaluation;
using EmailTriage.Labels;
using EmailTriage.Mailboxes;

namespace EmailTriage.Core.Tests.Evaluation;

public sealed class EvalSetTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _workspace.Dispose();

    private void Add(string relative) => _workspace.Write(Path.Combine("truth", relative), new Eml { Subject = relative }.ToBytes());

    private Task<EvalSet> LoadAsync(int? sample = null, int seed = 42) =>
        EvalSet.LoadAsync(new LabelledFolderMailbox(_workspace.PathOf("truth")), TestLabels.Standard, sample, seed, Ct);

    [Fact]
    public async Task Sample_keeps_that_many_and_remembers_how_many_there_were()
    {
        for (var i = 0; i < 10; i++)
        {
            Add($"Work/{i}.eml");
        }

        var set = await LoadAsync(sample: 4, seed: 3);

        Assert.Equal((4, 10, 4, 3), (set.Messages.Count, set.Available, set.Sample!.Value, set.Seed));
        Assert.Equal(set.Messages.Select(m => m.Item.Id), (await LoadAsync(sample: 4, seed: 3)).Messages.Select(m => m.Item.Id));
    }

    [Fact]
    public async Task Truths_take_the_configured_spelling()
    {
        Add("finance/a.eml");

        var set = await LoadAsync();

        Assert.Equal("Finance", set.TruthsFor(TestLabels.Standard)["finance/a.eml"]);
    }

    [Fact]
    public async Task The_fallback_label_is_a_valid_truth()
    {
        Add("Review/a.eml");

        Assert.Equal("Review", (await LoadAsync()).TruthsFor(TestLabels.Standard)["Review/a.eml"]);
    }

    [Fact]
    public async Task A_folder_that_is_not_a_label_is_named_with_the_labels_it_could_be()
    {
        Add("Work/a.eml");
        Add("Holidays/b.eml");

        var set = await LoadAsync();
        var error = Assert.Throws<InvalidDataException>(() => set.TruthsFor(TestLabels.Standard));

        Assert.Contains("'Holidays' is not a label in labels.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("Work, Finance, Newsletters, Review", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_folder_says_how_to_fill_it()
    {
        Directory.CreateDirectory(_workspace.PathOf("truth"));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => LoadAsync());

        Assert.Contains("holds no labelled messages", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sampling_mailbox_chooses_itself_and_says_how_many_there_were()
    {
        var mailbox = new SamplingMailbox();

        var set = await EvalSet.LoadAsync(mailbox, TestLabels.Standard, sample: 2, seed: 5, Ct);

        Assert.Equal((2, 5), mailbox.Asked);
        Assert.Equal((2, 9, 2, 5), (set.Messages.Count, set.Available, set.Sample!.Value, set.Seed));
        Assert.Equal(["a", "b"], set.Messages.Select(m => m.Item.Id));
    }

    /// <summary>Answers a fixed sample (out of id order) from nine messages, and never lists everything.</summary>
    private sealed class SamplingMailbox : ISamplingLabelledMailbox
    {
        public (int? Sample, int Seed) Asked { get; private set; }

        public string Description => "sampling mailbox";

        public IAsyncEnumerable<LabelledMessage> ListAsync(LabelConfig labels, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("A sampling mailbox must not be listed in full.");

        public Task<LabelledSample> ListSampleAsync(LabelConfig labels, int? sample, int seed, CancellationToken cancellationToken)
        {
            Asked = (sample, seed);
            return Task.FromResult(new LabelledSample([Message("b"), Message("a")], 9));
        }

        private static LabelledMessage Message(string id) => new(new MailboxItem(id, _ => Task.FromResult(Stream.Null)), "Work");
    }
}
