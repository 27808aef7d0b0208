namespace EmailTriage.Imap;

/// <summary>
/// What was triaged in a folder whose server keeps no keywords (no <c>\*</c> in PERMANENTFLAGS), kept in the mailbox's
/// state store: the UIDs, valid only while UIDVALIDITY is the same, and the Message-IDs, which survive a UIDVALIDITY change.
/// </summary>
internal sealed class ImapTriagedState
{
    public uint UidValidity { get; set; }

    public List<uint> Uids { get; set; } = [];

    public List<string> MessageIds { get; set; } = [];
}
