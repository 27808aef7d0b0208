using System.Text.Json.Serialization;
using EmailTriage.Triage;

namespace EmailTriage.State;

/// <summary>
/// How a mailbox's last labelling run went, kept as <see cref="ItemName"/> in its state store so a status page (or a
/// person) can tell when it last ran, what it did and why it stopped, from any machine. Counts and reasons only: never
/// a subject, a sender or a secret.
/// </summary>
public sealed record RunRecord(
    [property: JsonPropertyName("startedAt")] DateTimeOffset StartedAt,
    [property: JsonPropertyName("finishedAt")] DateTimeOffset FinishedAt,
    [property: JsonPropertyName("labelled")] int Labelled,
    [property: JsonPropertyName("deferred")] int Deferred,
    [property: JsonPropertyName("failed")] int Failed,
    [property: JsonPropertyName("skipped")] int Skipped,
    [property: JsonPropertyName("stoppedBecause")] string? StoppedBecause,
    [property: JsonPropertyName("host")] string Host)
{
    public const string ItemName = "last-run.json";

    /// <summary>
    /// Labelled: labels written; deferred: left for the next run (not started because the run was out of time, or
    /// waiting because the LLM stopped it); failed: a message that failed with its reason; skipped: looked at and left as
    /// it was (waiting for an LLM that is not configured, or not a message at all). Each is counted from the run's outcomes.
    /// </summary>
    public static RunRecord Of(TriageSummary summary, DateTimeOffset startedAt, DateTimeOffset finishedAt, string host)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var waitingForStoppedLlm = summary.StopFailure is null ? 0 : summary.LeftForLlm;
        return new RunRecord(
            startedAt, finishedAt, summary.Applied, summary.NotStarted + waitingForStoppedLlm, summary.FailureCount,
            summary.LeftForLlm - waitingForStoppedLlm + summary.SkippedCount, summary.StoppedBecause, host);
    }

    /// <summary>A run that ended with an error before it could sum up (the mailbox could not be read, the lease was lost).</summary>
    public static RunRecord Stopped(string reason, DateTimeOffset startedAt, DateTimeOffset finishedAt, string host) =>
        new(startedAt, finishedAt, 0, 0, 0, 0, reason, host);
}

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(RunRecord))]
internal sealed partial class RunRecordJsonContext : JsonSerializerContext;
