namespace EmailTriage.Learning;

/// <summary>What a learned prediction rests on most.</summary>
public enum LearnedEvidence
{
    /// <summary>The text model over sender, recipients, list, subject and body.</summary>
    Model,

    /// <summary>The sender's recent filings tipped it.</summary>
    Sender,

    /// <summary>The message belongs to a thread whose label is known.</summary>
    Thread,

    /// <summary>The user corrected this sender's label: their explicit choice, no gate.</summary>
    Correction,
}
