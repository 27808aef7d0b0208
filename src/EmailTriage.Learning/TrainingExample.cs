using EmailTriage.Mail;

namespace EmailTriage.Learning;

/// <summary>A message and the label the user gave it (by filing it, or by correcting the app).</summary>
public sealed record TrainingExample(MailMessage Message, string Label);
