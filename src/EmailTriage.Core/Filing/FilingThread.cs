namespace EmailTriage.Filing;

/// <summary>A known thread a message belongs to: how it was found ("reference", "reply subject", "same subject") and where it was filed.</summary>
public sealed record FilingThread(string How, string Label);
