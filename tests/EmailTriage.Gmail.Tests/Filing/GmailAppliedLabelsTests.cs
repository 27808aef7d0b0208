using EmailTriage.Gmail.Filing;

namespace EmailTriage.Gmail.Tests.Filing;

public sealed class GmailAppliedLabelsTests
{
    [Fact]
    public void Keeps_only_the_newest_entries_and_a_relabel_makes_one_newest()
    {
        var labels = new GmailAppliedLabels();
        for (var i = 0; i <= GmailAppliedLabels.Capacity; i++)
        {
            labels.Set($"m{i}", "Receipts");
        }

        labels.Set("m0", "News");

        var kept = labels.Newest();

        Assert.Equal(GmailAppliedLabels.Capacity, kept.Count);
        Assert.DoesNotContain(kept, e => e.Id == "m1");
        Assert.Equal(new GmailAppliedLabel("m0", "News"), kept[^1]);
        Assert.Equal("m2", kept[0].Id);
    }

    [Fact]
    public void Entries_set_later_are_newer_than_those_read_back()
    {
        var stored = GmailAppliedLabels.From([new("a", "Receipts"), new("b", "News")]);
        var run = new GmailAppliedLabels();
        run.Set("a", "Review");

        stored.SetAll(run);

        Assert.Equal([new("b", "News"), new("a", "Review")], stored.Newest());
        Assert.Null(stored.Of("c"));
    }
}
