using EmailTriage.Mail;

namespace EmailTriage.Filing;

/// <summary>A message and the label the user gave it.</summary>
public sealed record FiledMessage(MailMessage Message, string Label, FilingKind Kind = FilingKind.Filed);
