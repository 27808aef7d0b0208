namespace EmailTriage.Errors;

/// <summary>What kind of failure stopped something, so each host maps kinds once (CLI exit codes, HTTP statuses).</summary>
public enum FailureKind
{
    /// <summary>A setting, the label file or the model name is wrong: the user must change something before trying again.</summary>
    BadConfiguration,

    /// <summary>The LLM server or the mailbox cannot be reached or refuses us: trying again later may work.</summary>
    ServiceUnavailable,

    /// <summary>The run finished but some messages failed; they are left for the next run.</summary>
    MessagesFailed,
}
