namespace EmailTriage.Learning;

/// <summary>What the memories know about one message, before blending.</summary>
internal sealed record MemoryEvidence(IReadOnlyDictionary<string, double> Sender, string? ThreadLabel, ThreadEvidence Thread)
{
    /// <summary>Nothing the user filed speaks for this message: a sender never filed and no known thread. Such mail drifts most.</summary>
    public bool Novel => Sender.Count == 0 && Thread == ThreadEvidence.None;
}
