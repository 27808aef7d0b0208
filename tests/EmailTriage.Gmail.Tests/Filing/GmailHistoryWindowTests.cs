using EmailTriage.Gmail.Api;
using EmailTriage.Gmail.Filing;

namespace EmailTriage.Gmail.Tests.Filing;

public sealed class GmailHistoryWindowTests
{
    private static readonly HashSet<string> Configured = new(["L1", "L2"], StringComparer.Ordinal);

    [Fact]
    public void A_change_that_adds_the_marker_is_ours_and_one_without_it_is_by_hand()
    {
        var window = new GmailHistoryWindow(Configured, "MARK");

        window.Add(Record(10, added: [Change("m", ["L1", "MARK"], after: ["L1", "MARK"])]));
        window.Add(Record(12, added: [Change("m", ["L2"], after: ["L1", "L2", "MARK"])], removed: [Change("m", ["L1"], after: ["L2", "MARK"])]));

        var changes = Assert.Single(window.Messages);
        Assert.Equal("L1", changes.AppliedLabelId);
        Assert.Equal(["L2"], changes.AddedByHand);
        Assert.Equal(["L2", "MARK"], changes.LabelsAfter!.Order(StringComparer.Ordinal));
        Assert.Equal((2, 12UL), (window.Records, window.LastRecord));
    }

    [Fact]
    public void Messages_come_in_the_order_of_their_last_change_and_unknown_labels_stay_unknown()
    {
        var window = new GmailHistoryWindow(Configured, "MARK");

        window.Add(Record(1, added: [Change("a", ["L1"], after: ["L1"]), Change("b", ["L2"], after: ["L2"])]));
        window.Add(Record(2, removed: [Change("a", ["INBOX"], after: null)]));

        Assert.Equal(["b", "a"], window.Messages.Select(m => m.Id));
        Assert.Null(window.Messages.Last().LabelsAfter);
    }

    private static History Record(ulong id, IList<HistoryLabelChange>? added = null, IList<HistoryLabelChange>? removed = null) =>
        new() { Id = id, LabelsAdded = added, LabelsRemoved = removed };

    private static HistoryLabelChange Change(string messageId, IList<string> labelIds, IList<string>? after) =>
        new() { Message = new Message { Id = messageId, ThreadId = messageId, LabelIds = after }, LabelIds = labelIds };
}
