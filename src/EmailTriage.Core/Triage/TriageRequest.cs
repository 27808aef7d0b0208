using EmailTriage.Filing;
using EmailTriage.Mailboxes;

namespace EmailTriage.Triage;

/// <summary>What one run should do.</summary>
public sealed record TriageRequest
{
    /// <summary>Classify and report, but change nothing in the mailbox.</summary>
    public bool DryRun { get; init; }

    /// <summary>Take at most this many new messages; the rest wait for the next run.</summary>
    public int? Max { get; init; }

    /// <summary>Take no new message after this moment (a host's time limit); labels are still applied.</summary>
    public DateTimeOffset? StopTakingNewAt { get; init; }

    /// <summary>Called once per message when its outcome is final.</summary>
    public Action<MessageOutcome>? OnResult { get; init; }

    public IProgress<TriageProgress>? Progress { get; init; }

    /// <summary>The learned model to use instead of the mailbox's own (eval trains one); it is not saved.</summary>
    public IFilingModel? Model { get; init; }

    /// <summary>The label file of this mailbox (a named mailbox's own), instead of LABEL_CONFIG_FILE.</summary>
    public string? LabelFile { get; init; }

    /// <summary>This request for <paramref name="mailbox"/>: with its own label file, when its entry names one.</summary>
    public TriageRequest For(MailboxDefinition mailbox)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        return mailbox.LabelFile is null ? this : this with { LabelFile = mailbox.LabelFile };
    }

    /// <summary>The learned model file to use and update instead of the mailbox's own (--model FILE).</summary>
    public string? ModelFile { get; init; }
}
