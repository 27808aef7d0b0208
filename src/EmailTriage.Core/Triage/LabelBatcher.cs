using EmailTriage.Classification;
using EmailTriage.Labels;
using EmailTriage.Mail;
using EmailTriage.Mailboxes;

namespace EmailTriage.Triage;

/// <summary>
/// Collects decisions per label and applies each label in groups (one mailbox call per group), so a run
/// costs a few calls instead of one per message and an interrupted run keeps what it already applied.
/// </summary>
internal sealed class LabelBatcher(IMailbox mailbox, LabelConfig labels, TriageRequest request, TriageTally tally, int groupSize) : IDisposable
{
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _applying = new(1, 1);
    private readonly Dictionary<string, List<Pending>> _pending = new(StringComparer.OrdinalIgnoreCase);

    public async Task AddAsync(MailMessage message, Decision decision, CancellationToken cancellationToken)
    {
        if (decision.Label is null || request.DryRun)
        {
            Finish(Result(message.Id, message.From, message.Subject, decision, applied: false), decision.NeedsLlm);
            return;
        }

        List<Pending>? full = null;
        lock (_lock)
        {
            if (!_pending.TryGetValue(decision.Label, out var group))
            {
                _pending[decision.Label] = group = [];
            }

            group.Add(new Pending(message.Id, message.From, message.Subject, decision));
            if (group.Count >= groupSize)
            {
                full = group;
                _pending.Remove(decision.Label);
            }
        }

        if (full is not null)
        {
            await ApplyAsync(decision.Label, full, cancellationToken);
        }
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        List<KeyValuePair<string, List<Pending>>> groups;
        lock (_lock)
        {
            groups = [.. _pending];
            _pending.Clear();
        }

        foreach (var (label, group) in groups)
        {
            await ApplyAsync(label, group, cancellationToken);
        }
    }

    private async Task ApplyAsync(string label, List<Pending> group, CancellationToken cancellationToken)
    {
        var action = labels.Find(label)?.Action ?? LabelAction.None;
        var assignments = group.Select(p => new LabelAssignment(p.Id, p.Decision.Source.Name(), p.Decision.Reason)).ToList();
        IReadOnlyCollection<string> failed;
        string? error = null;
        await _applying.WaitAsync(cancellationToken);
        try
        {
            failed = await mailbox.ApplyAsync(new LabelGroup(label, action, assignments), cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or HttpRequestException or InvalidOperationException)
        {
            failed = [.. group.Select(p => p.Id)];
            error = ex.Message;
        }
        finally
        {
            _applying.Release();
        }

        var failedIds = failed.ToHashSet(StringComparer.Ordinal);
        foreach (var pending in group)
        {
            var applied = !failedIds.Contains(pending.Id);
            var decision = applied ? pending.Decision : pending.Decision with { Reason = $"{pending.Decision.Reason}; applying the label failed{(error is null ? string.Empty : $": {error}")}; left for the next run" };
            Finish(Result(pending.Id, pending.From, pending.Subject, decision, applied), needsLlm: false);
        }
    }

    private void Finish(MessageResult result, bool needsLlm)
    {
        if ((result.Source == DecisionSourceNames.Failed && !needsLlm) || (result.Label is not null && !result.Applied && !request.DryRun))
        {
            tally.Failed(result.Id, result.Reason);
        }

        tally.Finished(result, request.DryRun);
        request.OnResult?.Invoke(result);
    }

    private static MessageResult Result(string id, string from, string subject, Decision decision, bool applied) =>
        new(id, from, subject, decision.Label, decision.Source.Name(), applied, decision.Reason) { LlmCallDurations = decision.LlmCallDurations };

    public void Dispose() => _applying.Dispose();

    private sealed record Pending(string Id, string From, string Subject, Decision Decision);
}
