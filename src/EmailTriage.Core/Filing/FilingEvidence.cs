namespace EmailTriage.Filing;

/// <summary>
/// What a learned guess rests on, as data a run log or a review page can show: the sender's earlier filings, the thread,
/// the words that weighed most for the label, and the filed messages most like this one.
/// </summary>
public sealed record FilingEvidence
{
    /// <summary>The sender's recent filings per label, as sender memory keeps them (the newest 24); empty for a sender never filed.</summary>
    public IReadOnlyDictionary<string, int> SenderFilings { get; init; } = new Dictionary<string, int>();

    /// <summary>The label the user corrected this sender's mail to, while that correction holds.</summary>
    public string? SenderCorrection { get; init; }

    /// <summary>The known thread the message belongs to; null when none.</summary>
    public FilingThread? Thread { get; init; }

    /// <summary>The message's words that weighed most for the guessed label in the text model, strongest first.</summary>
    public IReadOnlyList<FilingTerm> Terms { get; init; } = [];

    /// <summary>The filed messages most like this one, most similar first.</summary>
    public IReadOnlyList<FilingNeighbour> Nearest { get; init; } = [];

    /// <summary>Nothing filed speaks for the message (a sender never filed, no known thread): a stricter gate applies to it.</summary>
    public bool Novel { get; init; }
}
