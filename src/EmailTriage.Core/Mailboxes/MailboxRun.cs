using EmailTriage.Labels;
using EmailTriage.State;

namespace EmailTriage.Mailboxes;

/// <summary>What a mailbox is opened for: the run's labels, whether it may change anything, and the mailbox's state store.</summary>
public sealed record MailboxRun(LabelConfig Labels, bool DryRun, IStateStore State);
