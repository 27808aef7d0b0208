using EmailTriage.Evaluation;
using EmailTriage.Graph.Tests.Support;
using EmailTriage.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmailTriage.Graph.Tests;

/// <summary>The user's Outlook filing as the truth for learn and eval, read without changing anything.</summary>
public sealed class GraphLabelledMailboxTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Categories_the_truth_is_the_one_label_category_a_message_carries_anywhere()
    {
        await using var bed = await GraphTestbed.StartAsync();
        var receipt = bed.Server.AddMessage(GraphTestbed.Rfc822(1, "Invoice"), categories: ["Family", "Receipts"]);
        var work = bed.Server.AddMessage(GraphTestbed.Rfc822(2, "Standup"), folder: "archive", categories: "work");
        bed.Server.AddMessage(GraphTestbed.Rfc822(3, "Both"), categories: ["Receipts", "Work"]);
        bed.Server.AddMessage(GraphTestbed.Rfc822(4, "Unlabelled"), categories: "Family");
        var labelled = Labelled(bed);

        var truth = await ListAsync(labelled);

        Assert.Equal([(receipt, "Receipts"), (work, "Work")], truth.Select(t => (t.Item.Id, t.Truth)).OrderBy(t => t.Truth, StringComparer.Ordinal));
        Assert.Contains("1 with two or more labels left out", labelled.Note, StringComparison.Ordinal);
        AssertReadOnly(bed.Server);
    }

    [Fact]
    public async Task Folders_the_truth_is_the_labels_folder_and_no_folder_is_created()
    {
        await using var bed = await GraphTestbed.StartAsync(labelsAs: "folders");
        bed.Server.AddFolder("Receipts");
        var receipt = bed.Server.AddMessage(GraphTestbed.Rfc822(1, "Invoice"), folder: "Receipts");
        bed.Server.AddMessage(GraphTestbed.Rfc822(2, "Hello"));

        var truth = await ListAsync(Labelled(bed));

        var only = Assert.Single(truth);
        Assert.Equal((receipt, "Receipts"), (only.Item.Id, only.Truth));
        Assert.Equal("Invoice", GraphTestbed.Subject(only.Item));
        Assert.Throws<ArgumentException>(() => bed.Server.FolderId("Work"));
        AssertReadOnly(bed.Server);
    }

    [Fact]
    public async Task A_sample_reads_only_the_messages_chosen()
    {
        await using var bed = await GraphTestbed.StartAsync();
        for (var n = 0; n < 30; n++)
        {
            bed.Server.AddMessage(GraphTestbed.Rfc822(n), categories: n % 2 == 0 ? "Receipts" : "Work");
        }

        var sample = await Labelled(bed).ListSampleAsync(GraphTestbed.Labels, sample: 5, seed: 7, Ct);

        Assert.Equal((5, 30), (sample.Messages.Count, sample.Available));
        Assert.Equal(5, bed.Server.CountOf(FakeGraphCall.GetValue));
    }

    [Fact]
    public async Task No_labelled_message_says_what_to_do()
    {
        await using var bed = await GraphTestbed.StartAsync();
        bed.Server.AddMessage(GraphTestbed.Rfc822(1));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ListAsync(Labelled(bed)));

        Assert.Contains("Label some messages yourself", error.Message, StringComparison.Ordinal);
    }

    private static GraphLabelledMailbox Labelled(GraphTestbed bed) => new(bed.Http(), bed.Options, GraphMessageReader.ByteBudget(2000), NullLogger.Instance);

    private static async Task<List<LabelledMessage>> ListAsync(GraphLabelledMailbox mailbox)
    {
        var truth = new List<LabelledMessage>();
        await foreach (var message in mailbox.ListAsync(GraphTestbed.Labels, Ct))
        {
            truth.Add(message);
        }

        return truth;
    }

    private static void AssertReadOnly(FakeGraphServer server) =>
        Assert.All(server.Requests.Where(r => r.Call != FakeGraphCall.Batch), r => Assert.Equal("GET", r.Method));
}
