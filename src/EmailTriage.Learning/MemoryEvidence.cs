namespace EmailTriage.Learning;

/// <summary>What the memories know about one message, before blending.</summary>
internal sealed record MemoryEvidence(IReadOnlyDictionary<string, double> Sender, string? ThreadLabel, ThreadEvidence Thread);
