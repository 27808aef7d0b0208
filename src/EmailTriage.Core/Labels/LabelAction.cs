namespace EmailTriage.Labels;

public enum LabelAction
{
    /// <summary>Only add the label.</summary>
    None,

    /// <summary>Add the label and take the message out of the inbox.</summary>
    Archive,
}
