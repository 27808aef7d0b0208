namespace EmailTriage.Imap;

/// <summary>
/// What was triaged in a folder whose server keeps no keywords (no <c>\*</c> in PERMANENTFLAGS), kept in the mailbox's
/// state store: the UIDs, valid only while UIDVALIDITY is the same, and the Message-IDs, which survive a UIDVALIDITY change.
/// </summary>
internal sealed class ImapTriagedState
{
    /// <summary>How many UIDs and Message-IDs are kept at most; the oldest go first, so the file stays bounded.</summary>
    public const int MaxEntries = 50_000;

    public uint UidValidity { get; set; }

    public List<uint> Uids { get; set; } = [];

    public List<string> MessageIds { get; set; } = [];

    /// <summary>
    /// Records <paramref name="uids"/> and <paramref name="messageIds"/> as triaged under <paramref name="uidValidity"/>:
    /// the UIDs of another UIDVALIDITY are dropped (they name other messages now), duplicates are not added,
    /// and at most <paramref name="max"/> of each are kept, the newest.
    /// </summary>
    public void Remember(uint uidValidity, IEnumerable<uint> uids, IEnumerable<string> messageIds, int max = MaxEntries)
    {
        if (UidValidity != uidValidity)
        {
            UidValidity = uidValidity;
            Uids.Clear();
        }

        Uids = Append(Uids, uids, max);
        MessageIds = Append(MessageIds, messageIds, max);
    }

    private static List<T> Append<T>(List<T> kept, IEnumerable<T> added, int max)
    {
        var seen = kept.ToHashSet();
        kept.AddRange(added.Where(seen.Add));
        return kept.Count <= max ? kept : kept[^max..];
    }
}
