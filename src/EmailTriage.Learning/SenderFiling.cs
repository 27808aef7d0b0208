namespace EmailTriage.Learning;

/// <summary>One message from a sender and where it went, for <see cref="SenderMemory"/>.</summary>
internal sealed record SenderFiling(string Label, DateTimeOffset At);
