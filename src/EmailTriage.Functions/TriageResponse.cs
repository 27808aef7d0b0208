using System.Text.Json.Serialization;
using EmailTriage.Classification;
using EmailTriage.Triage;

namespace EmailTriage.Functions;

/// <summary>The JSON an on-demand triage returns: per-message results (as the CLI's --json) and the summary.</summary>
internal sealed record TriageResponse(
    [property: JsonPropertyName("results")] IReadOnlyList<MessageResult> Results,
    [property: JsonPropertyName("summary")] TriageSummaryDto Summary)
{
    [JsonPropertyName("error")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Error { get; init; }

    /// <summary>The listed mailbox this run triaged; absent for the one mailbox of the flat settings.</summary>
    [JsonPropertyName("mailbox")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Mailbox { get; init; }
}

/// <summary><c>mailbox=all</c> on a host that fans out: the mailboxes put on the queue, each triaged by its own run.</summary>
internal sealed record QueuedResponse([property: JsonPropertyName("queued")] IReadOnlyList<string> Queued);

/// <summary><c>mailbox=all</c> run here: each mailbox's summary, or why it was not triaged.</summary>
internal sealed record ManyResponse([property: JsonPropertyName("mailboxes")] IReadOnlyList<MailboxOutcomeDto> Mailboxes);

internal sealed record MailboxOutcomeDto(
    [property: JsonPropertyName("mailbox")] string Mailbox,
    [property: JsonPropertyName("summary")] TriageSummaryDto? Summary,
    [property: JsonPropertyName("error")] string? Error);

internal sealed record TriageSummaryDto(
    [property: JsonPropertyName("dryRun")] bool DryRun,
    [property: JsonPropertyName("candidates")] int Candidates,
    [property: JsonPropertyName("classified")] int Classified,
    [property: JsonPropertyName("applied")] int Applied,
    [property: JsonPropertyName("failed")] int Failed,
    [property: JsonPropertyName("notStarted")] int NotStarted,
    [property: JsonPropertyName("perLabel")] IReadOnlyDictionary<string, int> PerLabel,
    [property: JsonPropertyName("perSource")] IReadOnlyDictionary<string, int> PerSource,
    [property: JsonPropertyName("perProvider")][property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, int>? PerProvider,
    [property: JsonPropertyName("llmCalls")] int LlmCalls,
    [property: JsonPropertyName("promptTokens")] long PromptTokens,
    [property: JsonPropertyName("completionTokens")] long CompletionTokens,
    [property: JsonPropertyName("estimatedTokenCalls")] int EstimatedTokenCalls,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("stoppedBecause")] string? StoppedBecause)
{
    /// <summary>What the learned model did (learned from the user, retrained, saved); absent when the mailbox has none.</summary>
    [JsonPropertyName("learning")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LearningDto? Learning { get; init; }

    public static TriageSummaryDto From(TriageSummary summary) => new(
        summary.DryRun,
        summary.Candidates,
        summary.Classified,
        summary.Applied,
        summary.FailureCount,
        summary.NotStarted,
        summary.PerLabel,
        summary.PerSource.ToDictionary(p => p.Key.Name(), p => p.Value),

        // Only when it tells something: with one server every LLM decision is its.
        summary.PerProvider.Count > 1 ? summary.PerProvider : null,
        summary.Usage.Calls,
        summary.Usage.PromptTokens,
        summary.Usage.CompletionTokens,
        summary.Usage.EstimatedCalls,
        Math.Round(summary.Elapsed.TotalSeconds, 3),
        summary.StoppedBecause)
    {
        Learning = summary.Learning is { } l ? new LearningDto(l.Model, l.Filed, l.Corrected, l.Retrains, l.Saved) { KeptAside = l.KeptAside, NotSaved = l.NotSavedBecause } : null,
    };
}

internal sealed record LearningDto(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("filed")] int Filed,
    [property: JsonPropertyName("corrected")] int Corrected,
    [property: JsonPropertyName("retrains")] int Retrains,
    [property: JsonPropertyName("saved")] bool Saved)
{
    /// <summary>Filings and corrections under labels not in the label file, kept aside in the model until those labels are added.</summary>
    [JsonPropertyName("keptAside")]
    public int KeptAside { get; init; }

    /// <summary>Why the model could not be saved after the labels were applied; absent when it was.</summary>
    [JsonPropertyName("notSaved")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? NotSaved { get; init; }
}
