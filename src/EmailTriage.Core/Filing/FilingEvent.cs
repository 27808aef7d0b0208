using EmailTriage.Mailboxes;

namespace EmailTriage.Filing;

/// <summary>Something the user did in the mailbox that teaches the model: a message filed or corrected, and its label now.</summary>
public sealed record FilingEvent(MailboxItem Item, string Label, FilingKind Kind);
