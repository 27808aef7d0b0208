namespace EmailTriage.Triage;

/// <summary>Where one message of a run ended up.</summary>
public enum OutcomeStatus
{
    /// <summary>Its label was applied in the mailbox.</summary>
    Labelled,

    /// <summary>A label was decided and, as asked (a dry run, eval, classify), not applied.</summary>
    Decided,

    /// <summary>No label, and nothing went wrong: it waits for an LLM that is not configured.</summary>
    Deferred,

    /// <summary>Reading, classifying or labelling it failed; it is left as it was for the next run, with the reason.</summary>
    Failed,

    /// <summary>Not a message that can be triaged (a FIFO, a file name that cannot be opened): left aside, with the reason.</summary>
    Skipped,
}
