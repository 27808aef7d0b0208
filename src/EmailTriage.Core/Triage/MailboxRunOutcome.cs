using EmailTriage.Errors;

namespace EmailTriage.Triage;

/// <summary>How one named mailbox's run ended: its summary, or the error that stopped it before or during the run.</summary>
public sealed record MailboxRunOutcome(string Name, TriageSummary? Summary, Exception? Error, DateTimeOffset FinishedAt)
{
    /// <summary>What went wrong, or null; an error nobody planned for counts as a configuration problem only when it says so.</summary>
    public FailureKind? Failure => Summary is { } summary ? FailureKinds.Of(summary) : Error is { } error ? FailureKinds.Of(error) ?? FailureKind.ServiceUnavailable : null;
}
