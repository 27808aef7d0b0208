using EmailTriage.Mailboxes;

namespace EmailTriage.Evaluation;

/// <summary>One message of a truth set and the label the user says it should get.</summary>
public sealed record LabelledMessage(MailboxItem Item, string Truth);
