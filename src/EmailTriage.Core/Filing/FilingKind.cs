namespace EmailTriage.Filing;

/// <summary>How the user told the app where a message belongs.</summary>
public enum FilingKind
{
    /// <summary>The user filed the message under a label (mail filed before, or labelled by hand).</summary>
    Filed,

    /// <summary>The app labelled the message and the user changed the label: outweighs anything the app decided.</summary>
    Corrected,
}
