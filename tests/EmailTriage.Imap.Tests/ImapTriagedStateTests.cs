namespace EmailTriage.Imap.Tests;

/// <summary>The local record of triaged messages (for servers without keywords) stays bounded.</summary>
public sealed class ImapTriagedStateTests
{
    [Fact]
    public void Uids_of_a_previous_uidvalidity_are_dropped_and_message_ids_kept()
    {
        var state = new ImapTriagedState();
        state.Remember(7, [1, 2, 3], ["<a@x>", "<b@x>"]);

        state.Remember(8, [10], ["<c@x>"]);

        Assert.Equal(8u, state.UidValidity);
        Assert.Equal([10u], state.Uids);
        Assert.Equal(["<a@x>", "<b@x>", "<c@x>"], state.MessageIds);
    }

    [Fact]
    public void At_most_max_entries_are_kept_the_newest_and_no_duplicates()
    {
        var state = new ImapTriagedState();
        state.Remember(7, [1, 2, 3], ["<a@x>", "<b@x>", "<c@x>"], max: 3);

        state.Remember(7, [3, 4, 5], ["<c@x>", "<d@x>"], max: 3);

        Assert.Equal([3u, 4u, 5u], state.Uids);
        Assert.Equal(["<b@x>", "<c@x>", "<d@x>"], state.MessageIds);
    }
}
