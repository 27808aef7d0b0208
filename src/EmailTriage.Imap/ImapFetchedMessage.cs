using MailKit;

namespace EmailTriage.Imap;

/// <summary>One message as the listing fetched it: its UID, its Message-ID, and its first bytes (headers and the start of the text).</summary>
internal sealed record ImapFetchedMessage(UniqueId Uid, string? MessageId, byte[] Content);
