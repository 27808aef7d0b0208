namespace EmailTriage.Learning.Tests;

public sealed class GateMonitorTests
{
    [Fact]
    public void Three_wrong_of_the_last_twenty_pause_a_label_and_two_do_not()
    {
        var monitor = new GateMonitor();
        for (var i = 0; i < 18; i++)
        {
            Judge(monitor, $"r{i}", "Work", "Work");
        }

        Judge(monitor, "x1", "Work", "Family");
        Judge(monitor, "x2", "Work", "Family");
        Assert.Null(monitor.Closed("Work"));

        Judge(monitor, "x3", "Work", "Family");
        Assert.Equal("3 of its last 20 lone decisions were wrong (85% right, needs 90%)", monitor.Closed("Work"));
        Assert.Null(monitor.Closed("Family"));
    }

    [Fact]
    public void A_lone_decision_left_alone_while_the_user_filed_twenty_others_counts_as_right()
    {
        var monitor = new GateMonitor();
        monitor.Decided("kept", "Work", alone: true);
        monitor.Decided("corrected", "Work", alone: true);

        // The correction is judged at once, and is the first of the user's acts since the decisions.
        monitor.Filed("corrected", "Family", learned: true);
        Assert.Equal((0, 1), monitor.Snapshot()["Work"]);
        for (var i = 1; i < GateMonitor.ConfirmAfterFilings - 1; i++)
        {
            monitor.Filed($"other{i}", "Family", learned: true);
        }

        Assert.Equal((0, 1), monitor.Snapshot()["Work"]);
        monitor.Filed("the twentieth", "Family", learned: true);
        Assert.Equal((1, 1), monitor.Snapshot()["Work"]);
        Assert.Empty(monitor.Outstanding);
    }

    [Fact]
    public void A_filing_that_teaches_nothing_new_does_not_move_the_clock()
    {
        var monitor = new GateMonitor();
        monitor.Decided("kept", "Work", alone: true);

        for (var i = 0; i < 2 * GateMonitor.ConfirmAfterFilings; i++)
        {
            monitor.Filed($"known{i}", "Family", learned: false);
        }

        Assert.Single(monitor.Outstanding);
        Assert.Empty(monitor.Snapshot());
    }

    [Fact]
    public void A_held_back_decision_is_judged_by_the_label_applied_instead_once_it_stood()
    {
        var monitor = new GateMonitor();
        monitor.Decided("agreed", "Work", alone: false);
        monitor.Decided("disagreed", "Work", alone: false);
        monitor.Decided("unknown", "Work", alone: false);
        monitor.Applied("agreed", "Work");
        monitor.Applied("disagreed", "Family");

        for (var i = 0; i < GateMonitor.ConfirmAfterFilings; i++)
        {
            monitor.Filed($"other{i}", "Family", learned: true);
        }

        // Without the applied label nothing is known about the third: it is dropped, not counted either way.
        Assert.Equal((1, 1), monitor.Snapshot()["Work"]);
        Assert.Empty(monitor.Outstanding);
    }

    [Fact]
    public void Waiting_decisions_are_bounded_and_the_oldest_go_first()
    {
        var monitor = new GateMonitor();
        for (var i = 0; i <= GateMonitor.MostOutstanding; i++)
        {
            monitor.Decided($"m{i}", "Work", alone: true);
            if (i == 0)
            {
                monitor.Filed("clock", "Work", learned: true);
            }
        }

        Assert.Equal(GateMonitor.MostOutstanding, monitor.Outstanding.Count);
        Assert.DoesNotContain("m0", monitor.Outstanding.Keys);
    }

    [Fact]
    public void A_clone_does_not_share_state_with_its_original()
    {
        var monitor = new GateMonitor();
        Judge(monitor, "a", "Work", "Family");
        var clone = monitor.Clone();

        Judge(monitor, "b", "Work", "Family");

        Assert.Equal((0, 1), clone.Snapshot()["Work"]);
        Assert.Equal((0, 2), monitor.Snapshot()["Work"]);
    }

    private static void Judge(GateMonitor monitor, string key, string decided, string filed)
    {
        monitor.Decided(key, decided, alone: true);
        monitor.Filed(key, filed, learned: true);
    }
}
