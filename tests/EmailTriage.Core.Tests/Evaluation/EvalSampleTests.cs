using EmailTriage.Evaluation;
using EmailTriage.Mailboxes;

namespace EmailTriage.Core.Tests.Evaluation;

public sealed class EvalSampleTests
{
    private static readonly IReadOnlyList<LabelledMessage> Messages =
        [.. Enumerable.Range(1, 200).Select(i => new LabelledMessage(new MailboxItem($"{(i % 2 == 0 ? "Work" : "Finance")}/{i:000}.eml", _ => Task.FromResult(Stream.Null)), i % 2 == 0 ? "Work" : "Finance"))];

    private static string[] Ids(IEnumerable<LabelledMessage> messages) => [.. messages.Select(m => m.Item.Id)];

    [Fact]
    public void The_same_seed_takes_the_same_messages()
    {
        var first = Ids(EvalSample.Choose(Messages, 20, 42));
        var second = Ids(EvalSample.Choose([.. Messages.Reverse()], 20, 42));

        Assert.Equal(20, first.Length);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Another_seed_takes_other_messages()
    {
        Assert.NotEqual(Ids(EvalSample.Choose(Messages, 20, 42)), Ids(EvalSample.Choose(Messages, 20, 7)));
    }

    [Fact]
    public void The_subset_for_a_seed_never_changes()
    {
        // Pinned: a change here would silently change the subset every user's --sample takes.
        Assert.Equal(["Finance/037.eml", "Work/036.eml", "Work/122.eml"], Ids(EvalSample.Choose(Messages, 3, 42)));
    }

    [Fact]
    public void A_sample_at_least_as_big_as_the_mailbox_takes_everything_in_id_order()
    {
        var all = Ids(EvalSample.Choose([.. Messages.Reverse()], 500, 42));

        Assert.Equal(Ids(Messages.OrderBy(m => m.Item.Id, StringComparer.Ordinal)), all);
        Assert.Equal(all, Ids(EvalSample.Choose(Messages, null, 42)));
    }

    [Fact]
    public void Adding_mail_keeps_most_of_the_sample()
    {
        var before = Ids(EvalSample.Choose(Messages, 50, 42));
        var more = Messages.Concat(Enumerable.Range(201, 10).Select(i => new LabelledMessage(new MailboxItem($"Work/{i}.eml", _ => Task.FromResult(Stream.Null)), "Work"))).ToList();

        var after = Ids(EvalSample.Choose(more, 50, 42));

        Assert.True(before.Intersect(after).Count() >= 40, $"only {before.Intersect(after).Count()} of 50 kept");
    }

    [Theory]
    [InlineData(3, 42)]
    [InlineData(50, 7)]
    [InlineData(null, 42)]
    public void Choosing_on_ids_alone_takes_the_same_messages(int? size, int seed)
    {
        var ids = Ids(Messages.Reverse());

        Assert.Equal(Ids(EvalSample.Choose(Messages, size, seed)), EvalSample.ChooseIds(ids, size, seed));
    }
}
