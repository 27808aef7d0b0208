using EmailTriage.Classification;
using EmailTriage.Mailboxes;
using EmailTriage.Triage;
using Microsoft.Extensions.Options;

namespace EmailTriage.Errors;

/// <summary>The kind of an exception, of an LLM failure, or of how a run ended.</summary>
public static class FailureKinds
{
    /// <summary>The kind of a failure the user can act on, or null for one nobody planned for (a bug).</summary>
    public static FailureKind? Of(Exception exception) => exception switch
    {
        IKnownFailure known => known.Kind,

        // These cannot declare a kind themselves: the options framework's own, and the mailbox's.
        OptionsValidationException => FailureKind.BadConfiguration,
        MailboxUnavailableException => FailureKind.ServiceUnavailable,
        _ => null,
    };

    /// <summary>A model the server does not have is a wrong LLM_MODEL; everything else is the server's.</summary>
    public static FailureKind Of(LlmFailure failure) =>
        failure == LlmFailure.ModelNotFound ? FailureKind.BadConfiguration : FailureKind.ServiceUnavailable;

    /// <summary>Why a run stopped before the end, or null when it did not stop early.</summary>
    public static FailureKind? OfStop(TriageSummary summary) => summary.StopFailure is { } failure ? Of(failure) : null;

    /// <summary>
    /// What went wrong in a run that returned: its early stop, else a learned model that could not be saved (the labels
    /// stand, but the state cannot be written: the same kind as that failure anywhere), else failed messages, else nothing (null).
    /// </summary>
    public static FailureKind? Of(TriageSummary summary) =>
        OfStop(summary) ?? summary.Learning?.NotSavedFailure ?? (summary.FailureCount > 0 ? FailureKind.MessagesFailed : null);
}
