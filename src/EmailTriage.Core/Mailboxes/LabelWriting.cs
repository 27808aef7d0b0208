namespace EmailTriage.Mailboxes;

/// <summary>
/// How decisions reach a mailbox: in groups of at most <paramref name="GroupSize"/> messages, and no decision waits longer
/// than <paramref name="MaxWait"/>. A group size of 1 writes each decision as it is made.
/// </summary>
public sealed record LabelWriting(int GroupSize, TimeSpan MaxWait)
{
    public static LabelWriting EachDecision { get; } = new(1, TimeSpan.Zero);
}
